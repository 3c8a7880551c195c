package io.prsm.runtime.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * The last minutes of the runtime's measurements, for charts: a bounded ring of samples, each
 * made from two consecutive {@link RuntimeSnapshot}s, overall and per plugin. Rates (tasks per
 * second, CPU cores) are the difference between the two snapshots over the time between them;
 * heap and CPU load are the later snapshot's values. Latency percentiles are those of the tasks
 * that finished within the interval, not {@code prsm:metrics}' figures over the recent tasks: a
 * slow task from long ago must not stay on the line through idle minutes. An interval in which no
 * task finished has no percentiles ({@code null}), which a chart draws as a break in the line. A
 * plugin's counters that went down (it was reinstalled) count from zero again.
 *
 * <p>Concurrent semantics: thread-safe; {@link #record} and {@link #json} synchronize on this.
 */
public final class MetricsHistory {

    /**
     * One interval overall: its end in epoch milliseconds and the figures charts draw; the
     * percentiles are null when no task finished in it.
     */
    public record Overall(long time, double taskRate, Double p50Millis, Double p95Millis, long heapUsedBytes,
            double cpuLoad) {
    }

    /** One interval of one plugin; the percentiles are null when none of its tasks finished in it. */
    public record Point(long time, double taskRate, Double p50Millis, Double p95Millis, double cpuCores,
            double errorRate) {
    }

    private static final long[] NONE = {};

    private final int capacity;
    private final Deque<Overall> overall = new ArrayDeque<>();
    private final Map<String, Deque<Point>> plugins = new LinkedHashMap<>();
    private RuntimeSnapshot previous;
    private long previousTime;

    /** Keeps {@code capacity} samples (at least 2). */
    public MetricsHistory(int capacity) {
        this.capacity = Math.max(2, capacity);
    }

    /**
     * Adds the interval that ends at {@code time} (epoch milliseconds) with {@code snapshot}, and
     * the latencies (nanoseconds, sorted, by plugin id) of the tasks that finished in it; the first
     * call only sets the start.
     */
    public synchronized void record(long time, RuntimeSnapshot snapshot, Map<String, long[]> finished) {
        RuntimeSnapshot before = previous;
        long start = previousTime;
        previous = snapshot;
        previousTime = time;
        if (before == null) {
            return;
        }
        double seconds = Math.max(1e-3, (time - start) / 1000.0);
        long[] all = finished.values().stream().flatMapToLong(LongStream::of).sorted().toArray();
        add(overall, new Overall(time, rate(snapshot.totals().submitted(), before.totals().submitted(), seconds),
                millis(all, 0.50), millis(all, 0.95), snapshot.jvm().heapUsedBytes(),
                Math.max(0, snapshot.jvm().processCpuLoad())));
        Map<String, PluginMetrics> earlier = new HashMap<>();
        before.plugins().forEach(plugin -> earlier.put(plugin.pluginId(), plugin.metrics()));
        for (PluginInfo plugin : snapshot.plugins()) {
            PluginMetrics now = plugin.metrics();
            PluginMetrics then = earlier.getOrDefault(plugin.pluginId(), PluginMetrics.NONE);
            long[] own = finished.getOrDefault(plugin.pluginId(), NONE);
            add(plugins.computeIfAbsent(plugin.pluginId(), id -> new ArrayDeque<>()), new Point(time,
                    rate(now.submitted(), then.submitted(), seconds), millis(own, 0.50), millis(own, 0.95),
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

    /** The quantile of sorted nanoseconds in milliseconds; null (a break in the line) for none. */
    private static Double millis(long[] sorted, double quantile) {
        return sorted.length == 0 ? null : LatencyReservoir.quantile(sorted, quantile) / 1e6;
    }

    private static double rate(long now, long then, double seconds) {
        return now < then ? now / seconds : (now - then) / seconds;
    }
}
