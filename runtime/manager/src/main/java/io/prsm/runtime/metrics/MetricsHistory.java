package io.prsm.runtime.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * The last minutes of the runtime's measurements, for charts: a bounded ring of samples, each
 * made from two consecutive {@link RuntimeSnapshot}s, overall and per plugin. Rates (tasks per
 * second, CPU cores) are the difference between the two snapshots over the time between them;
 * percentiles, heap and CPU load are the later snapshot's values, as {@code prsm:metrics} shows
 * them. A plugin's counters that went down (it was reinstalled) count from zero again.
 *
 * <p>Concurrent semantics: thread-safe; {@link #record} and {@link #json} synchronize on this.
 */
public final class MetricsHistory {

    /** One moment overall: the time in epoch milliseconds and the figures charts draw. */
    public record Overall(long time, double taskRate, double p50Millis, double p95Millis, long heapUsedBytes,
            double cpuLoad) {
    }

    /** One moment of one plugin. */
    public record Point(long time, double taskRate, double p50Millis, double p95Millis, double cpuCores,
            double errorRate) {
    }

    private final int capacity;
    private final Deque<Overall> overall = new ArrayDeque<>();
    private final Map<String, Deque<Point>> plugins = new LinkedHashMap<>();
    private RuntimeSnapshot previous;

    /** Keeps {@code capacity} samples (at least 2). */
    public MetricsHistory(int capacity) {
        this.capacity = Math.max(2, capacity);
    }

    /** Adds the sample that ends at {@code snapshot}; the first snapshot only sets the start. */
    public synchronized void record(RuntimeSnapshot snapshot) {
        RuntimeSnapshot before = previous;
        previous = snapshot;
        if (before == null) {
            return;
        }
        double seconds = Math.max(1e-3, (snapshot.takenAt().toEpochMilli() - before.takenAt().toEpochMilli()) / 1000.0);
        long time = snapshot.takenAt().toEpochMilli();
        add(overall, new Overall(time, rate(snapshot.totals().submitted(), before.totals().submitted(), seconds),
                snapshot.totals().p50Millis(), snapshot.totals().p95Millis(), snapshot.jvm().heapUsedBytes(),
                Math.max(0, snapshot.jvm().processCpuLoad())));
        Map<String, PluginMetrics> earlier = new HashMap<>();
        before.plugins().forEach(plugin -> earlier.put(plugin.pluginId(), plugin.metrics()));
        for (PluginInfo plugin : snapshot.plugins()) {
            PluginMetrics now = plugin.metrics();
            PluginMetrics then = earlier.getOrDefault(plugin.pluginId(), PluginMetrics.NONE);
            add(plugins.computeIfAbsent(plugin.pluginId(), id -> new ArrayDeque<>()), new Point(time,
                    rate(now.submitted(), then.submitted(), seconds), now.p50Millis(), now.p95Millis(),
                    rate(now.cpuNanos(), then.cpuNanos(), seconds) / 1e9, now.errorRate()));
        }
        plugins.keySet().retainAll(snapshot.plugins().stream().map(PluginInfo::pluginId).toList());
    }

    /** The samples, oldest first: {@code overall} and {@code plugins} (by plugin id). */
    public synchronized Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("capacity", capacity);
        json.put("overall", new ArrayList<>(overall));
        Map<String, List<Point>> byPlugin = new LinkedHashMap<>();
        plugins.forEach((id, points) -> byPlugin.put(id, new ArrayList<>(points)));
        json.put("plugins", byPlugin);
        return json;
    }

    private <T> void add(Deque<T> ring, T sample) {
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(sample);
    }

    private static double rate(long now, long then, double seconds) {
        return now < then ? now / seconds : (now - then) / seconds;
    }
}
