package io.prsm.runtime.containment;

/**
 * What one plugin used so far: its tasks' allocated bytes and CPU time plus those of the threads
 * it started that still run ({@code -1} where the JVM cannot measure), and the CPU share it
 * declares (cores).
 *
 * <p>Concurrent semantics: immutable.
 */
public record PluginUse(String pluginId, long bundleId, long allocatedBytes, long cpuNanos, double cpuShare) {
}
