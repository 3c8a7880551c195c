package io.prsm.api.runtime;

import java.time.Instant;
import java.util.List;

/**
 * Everything the runtime measured, at one moment.
 *
 * @param takenAt when the snapshot was made
 * @param startedAt when the runtime started
 * @param runtimeVersion the runtime's version
 * @param plugins every plugin with its state and metrics
 * @param totals the task metrics of all plugins added up (latency percentiles over all recent tasks)
 * @param jvm the JVM's measurements
 */
public record RuntimeSnapshot(Instant takenAt, Instant startedAt, String runtimeVersion, List<PluginInfo> plugins,
        PluginMetrics totals, JvmStats jvm) {

    public RuntimeSnapshot {
        plugins = List.copyOf(plugins);
    }

    /** How many plugins are in {@code state}. */
    public long count(PluginState state) {
        return plugins.stream().filter(plugin -> plugin.state() == state).count();
    }
}
