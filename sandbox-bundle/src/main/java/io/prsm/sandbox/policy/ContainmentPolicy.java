package io.prsm.sandbox.policy;

import java.util.EnumMap;
import java.util.Map;

import io.prsm.api.SecurityLevel;

/**
 * The {@code containment} section of {@code policy.json}: how many threads a plugin of each
 * untrusted level may run at most, whatever it declares, and what happens to a plugin over its
 * declared CPU share.
 *
 * <p>Concurrent semantics: immutable.
 *
 * @param threads per untrusted level, the most threads one plugin may run at once
 * @param quarantineOverCpuShare {@code true}: a plugin over its CPU share is quarantined;
 *        {@code false} (the default): its queue is paused until its use falls back
 */
public record ContainmentPolicy(Map<SecurityLevel, Integer> threads, boolean quarantineOverCpuShare) {

    /** Sandbox 4 threads, isolated 2, throttle. */
    public static final ContainmentPolicy DEFAULT = new ContainmentPolicy(defaultThreads(), false);

    public ContainmentPolicy {
        Map<SecurityLevel, Integer> complete = new EnumMap<>(SecurityLevel.class);
        complete.putAll(defaultThreads());
        complete.putAll(threads);
        threads = Map.copyOf(complete);
    }

    /** The most threads one plugin of {@code level} may run; 0 for a level the section does not limit (trusted is never counted). */
    public int threadCap(SecurityLevel level) {
        return threads.getOrDefault(level, 0);
    }

    /** What happens over the CPU share, as policy.json writes it. */
    public String overCpuShare() {
        return quarantineOverCpuShare ? "quarantine" : "throttle";
    }

    private static Map<SecurityLevel, Integer> defaultThreads() {
        return Map.of(SecurityLevel.SANDBOX, 4, SecurityLevel.ISOLATED, 2);
    }
}
