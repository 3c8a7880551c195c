package io.prsm.runtime.containment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which plugin the low-memory guard blames: the one that allocated the most recently, by its tasks
 * and the threads it started. The heap does not say who holds what without walking it (too slow
 * and too large when memory is short), so allocation stands in for holding; but a plugin's
 * lifetime allocation is mostly garbage long collected, and a plugin that has allocated much over
 * a long life would be blamed for what a young one keeps. So each plugin's allocation is sampled
 * every {@link #SAMPLE_NANOS} and what it allocated since the previous sample is added to a sum
 * that halves every {@link #HALF_LIFE_NANOS}: a steady allocator's sum stays near what it
 * allocates in about one and a half half-lives, a plugin filling the heap now has all it just
 * allocated counted.
 *
 * <p>A plugin first seen (started since the previous sample, or at the guard's first sample) has
 * its whole allocation counted as recent: nothing tells when it allocated it.
 *
 * <p>Concurrent semantics: not thread-safe; the guard's responder thread alone calls it.
 */
final class MemoryOffender {

    static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What one plugin had allocated at the last sample, and its recent allocation then. */
    private record Seen(long allocated, double recent) {
    }

    /** By bundle id: a plugin refreshed or reinstalled under the same id has its figures start again. */
    private final Map<Long, Seen> seen = new HashMap<>();
    private boolean sampled;
    private long sampledAt;

    /** A plugin and what it allocated recently, in bytes (weighted toward the last seconds). */
    record Blamed(PluginUse plugin, long recentBytes) {
    }

    /** Takes the running plugins' figures at {@code now} (nanoTime); plugins no longer running are forgotten. */
    void sample(List<PluginUse> running, long now) {
        double decay = !sampled ? 1 : Math.pow(0.5, (double) Math.max(0, now - sampledAt) / HALF_LIFE_NANOS);
        Map<Long, Seen> next = new HashMap<>();
        for (PluginUse use : running) {
            if (use.allocatedBytes() < 0) {
                continue;
            }
            Seen before = seen.get(use.bundleId());
            Seen figures = before == null || use.allocatedBytes() < before.allocated()
                    ? new Seen(use.allocatedBytes(), use.allocatedBytes())
                    : new Seen(use.allocatedBytes(), before.recent() * decay + (use.allocatedBytes() - before.allocated()));
            next.put(use.bundleId(), figures);
        }
        seen.clear();
        seen.putAll(next);
        sampled = true;
        sampledAt = now;
    }

    /**
     * Samples {@code running} at {@code now}, then names the plugin that allocated the most
     * recently, if any allocated anything measurable.
     */
    Optional<Blamed> among(List<PluginUse> running, long now) {
        sample(running, now);
        Blamed most = null;
        for (PluginUse use : running) {
            Seen figures = seen.get(use.bundleId());
            long recent = figures == null ? 0 : (long) figures.recent();
            if (recent > 0 && (most == null || recent > most.recentBytes())) {
                most = new Blamed(use, recent);
            }
        }
        return Optional.ofNullable(most);
    }
}
