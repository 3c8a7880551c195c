package io.prsm.sample.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.prsm.api.runtime.JvmStats;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * Turns a {@link RuntimeSnapshot} into the JSON-shaped metric groups this plugin reports
 * ({@code system}, {@code plugins}, {@code tasks}), and resolves dotted metric paths such as
 * {@code system.heap_used_bytes} that dashboard widgets name as their data source.
 *
 * <p>Concurrent semantics: stateless.
 */
final class MetricsView {

    static final List<String> GROUPS = List.of("system", "plugins", "tasks");

    private MetricsView() {
    }

    /** All groups of {@code snapshot}. */
    static Map<String, Object> all(RuntimeSnapshot snapshot) {
        Map<String, Object> groups = new LinkedHashMap<>();
        for (String group : GROUPS) {
            groups.put(group, group(snapshot, group));
        }
        return groups;
    }

    static Map<String, Object> group(RuntimeSnapshot snapshot, String group) {
        return switch (group) {
            case "system" -> system(snapshot.jvm());
            case "plugins" -> plugins(snapshot);
            case "tasks" -> tasks(snapshot.totals());
            default -> throw new IllegalArgumentException(group);
        };
    }

    /** The value at a dotted path such as {@code tasks.error_rate}, or null if there is none. */
    static Object resolve(Map<String, Object> metrics, String path) {
        Object current = metrics;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** One row per metric that holds a single value: its dotted path and the value, for exports. */
    static List<Map<String, Object>> rows(Map<String, Object> metrics) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String path : paths(metrics)) {
            Object value = resolve(metrics, path);
            if (!(value instanceof Map)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("metric", path);
                row.put("value", value);
                rows.add(row);
            }
        }
        return rows;
    }

    /** Every dotted path that names a value, for error messages and discovery. */
    static List<String> paths(Map<String, Object> metrics) {
        List<String> paths = new ArrayList<>();
        collect("", metrics, paths);
        return paths;
    }

    private static void collect(String prefix, Map<?, ?> map, List<String> paths) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String path = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            paths.add(path);
            if (entry.getValue() instanceof Map<?, ?> nested && !path.startsWith("plugins.by_")) {
                collect(path, nested, paths);
            }
        }
    }

    private static Map<String, Object> system(JvmStats jvm) {
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("heap_used_bytes", jvm.heapUsedBytes());
        system.put("heap_committed_bytes", jvm.heapCommittedBytes());
        system.put("heap_max_bytes", jvm.heapMaxBytes());
        system.put("heap_used_ratio", jvm.heapMaxBytes() > 0 ? (double) jvm.heapUsedBytes() / jvm.heapMaxBytes() : null);
        system.put("non_heap_used_bytes", jvm.nonHeapUsedBytes());
        system.put("process_cpu_load", jvm.processCpuLoad() < 0 ? null : jvm.processCpuLoad());
        system.put("process_cpu_seconds", jvm.processCpuTimeNanos() < 0 ? null : jvm.processCpuTimeNanos() / 1e9);
        system.put("system_load_average", jvm.systemLoadAverage() < 0 ? null : jvm.systemLoadAverage());
        system.put("available_processors", jvm.availableProcessors());
        system.put("threads", jvm.threadCount());
        system.put("loaded_classes", jvm.loadedClassCount());
        system.put("gc_count", jvm.gcCount());
        system.put("gc_seconds", jvm.gcTimeMillis() / 1000.0);
        system.put("uptime_seconds", jvm.uptimeMillis() / 1000.0);
        return system;
    }

    private static Map<String, Object> plugins(RuntimeSnapshot snapshot) {
        Map<String, Object> plugins = new LinkedHashMap<>();
        plugins.put("total", snapshot.plugins().size());
        for (PluginState state : PluginState.values()) {
            plugins.put(state.id(), snapshot.count(state));
        }
        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> byLevel = new TreeMap<>();
        for (PluginInfo plugin : snapshot.plugins()) {
            byType.merge(plugin.type().isEmpty() ? "unknown" : plugin.type(), 1, Integer::sum);
            byLevel.merge(plugin.securityLevel().isEmpty() ? "unknown" : plugin.securityLevel(), 1, Integer::sum);
        }
        plugins.put("by_type", byType);
        plugins.put("by_security_level", byLevel);
        return plugins;
    }

    static Map<String, Object> tasks(PluginMetrics m) {
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("submitted", m.submitted());
        tasks.put("succeeded", m.succeeded());
        tasks.put("failed", m.failed());
        tasks.put("rejected", m.rejected());
        tasks.put("timed_out", m.timedOut());
        tasks.put("retries", m.retries());
        tasks.put("queued", m.queued());
        tasks.put("running", m.running());
        tasks.put("error_rate", m.errorRate());
        tasks.put("latency_p50_ms", m.p50Millis());
        tasks.put("latency_p95_ms", m.p95Millis());
        tasks.put("latency_p99_ms", m.p99Millis());
        tasks.put("latency_max_ms", m.maxMillis());
        tasks.put("cpu_ms", m.cpuNanos() / 1e6);
        tasks.put("allocated_bytes", m.allocatedBytes());
        return tasks;
    }
}
