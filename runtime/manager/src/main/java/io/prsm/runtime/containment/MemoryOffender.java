package io.prsm.runtime.containment;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which plugin the low-memory guard blames: the one that allocated the most, by its tasks and the
 * threads it started. The heap does not say who holds what without walking it (too slow and too
 * large when memory is short), so allocation stands in for holding; a plugin that keeps what it
 * allocates is the one that allocated it.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class MemoryOffender {

    private MemoryOffender() {
    }

    /** The plugin that allocated the most, if any allocated anything measurable. */
    public static Optional<PluginUse> among(List<PluginUse> plugins) {
        return plugins.stream().filter(use -> use.allocatedBytes() > 0)
                .max(Comparator.comparingLong(PluginUse::allocatedBytes));
    }
}
