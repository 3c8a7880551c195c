package io.prsm.runtime.plugins;

import java.util.List;

/**
 * The outcome of reading a manifest: the descriptor (present whenever the manifest has a
 * {@code prsm.plugin} capability at all) and every problem found.
 */
public record ManifestCheck(PluginDescriptor descriptor, List<String> problems) {

    public ManifestCheck {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
