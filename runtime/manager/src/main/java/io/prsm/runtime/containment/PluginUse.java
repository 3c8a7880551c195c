package io.prsm.runtime.containment;

/**
 * What one plugin used so far: its tasks' allocated bytes and CPU time plus those of the threads
 * it started that still run ({@code -1} where the JVM cannot measure).
 *
 * <p>Concurrent semantics: immutable.
 */
public record PluginUse(String pluginId, long bundleId, long allocatedBytes, long cpuNanos) {
}
