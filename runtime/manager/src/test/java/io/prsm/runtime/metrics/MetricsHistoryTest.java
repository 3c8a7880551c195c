package io.prsm.runtime.metrics;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.prsm.api.runtime.JvmStats;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;

public class MetricsHistoryTest {

    private static PluginMetrics metrics(long submitted, long cpuNanos, double p50, double p95) {
        return new PluginMetrics(submitted, submitted, 0, 0, 0, 0, 0, 0, 0, p50, p95, p95, p95, cpuNanos, 0, 0);
    }

    private static PluginInfo plugin(String id, PluginMetrics metrics) {
        return new PluginInfo(1, id, "1.0.0", "utility", "isolated", PluginState.ACTIVE, id, "", "", "",
                List.of(), List.of(), List.of(), java.util.Set.of(), 0, 0, 0, null, metrics, List.of(), List.of());
    }

    private static RuntimeSnapshot at(long millis, long heap, PluginInfo... plugins) {
        PluginMetrics totals = metrics(List.of(plugins).stream().mapToLong(p -> p.metrics().submitted()).sum(), 0,
                1.5, 4.0);
        return new RuntimeSnapshot(Instant.ofEpochMilli(millis), Instant.EPOCH, "1.0.0", List.of(plugins), totals,
                new JvmStats(heap, 0, 0, 0, 0.25, 0, 0, 2, 10, 100, 0, 0, millis));
    }

    @Test
    public void aSampleIsTheDifferenceOfTwoSnapshotsPerSecondWithThePercentilesOfTheTasksFinishedInIt() {
        MetricsHistory history = new MetricsHistory(10);
        history.record(1_000, at(1_000, 100, plugin("a", metrics(10, 0, 1, 2)), plugin("b", metrics(0, 0, 0, 0))),
                Map.of());
        assertEquals("one snapshot is only a start", List.of(), history.json().get("overall"));
        // a's recent-task percentiles (3, 7) are prsm:metrics' figures, not those of this interval
        history.record(3_000, at(3_000, 200, plugin("a", metrics(30, 500_000_000, 3, 7)),
                plugin("b", metrics(0, 0, 0, 0))), Map.of("a", new long[] {1_000_000, 2_000_000, 20_000_000},
                        "b", new long[] {}));

        MetricsHistory.Overall overall = (MetricsHistory.Overall) ((List<?>) history.json().get("overall")).get(0);
        assertEquals(new MetricsHistory.Overall(3_000, 10.0, 2.0, 20.0, 200, 0.25), overall);
        Map<?, ?> plugins = (Map<?, ?>) history.json().get("plugins");
        assertEquals(new MetricsHistory.Point(3_000, 10.0, 2.0, 20.0, 0.25, 0), ((List<?>) plugins.get("a")).get(0));
        assertEquals("no task of b finished: no percentiles, a break in its line",
                new MetricsHistory.Point(3_000, 0, null, null, 0, 0), ((List<?>) plugins.get("b")).get(0));
    }

    @Test
    public void theRingKeepsTheNewestSamplesAndForgetsUninstalledPlugins() {
        MetricsHistory history = new MetricsHistory(3);
        for (int second = 0; second <= 5; second++) {
            history.record(second * 1_000L, at(second * 1_000L, second, plugin("a", metrics(second, 0, 0, 0)),
                    plugin("b", metrics(0, 0, 0, 0))), Map.of());
        }
        List<?> overall = (List<?>) history.json().get("overall");
        assertEquals(3, overall.size());
        assertEquals(3_000, ((MetricsHistory.Overall) overall.get(0)).time());
        assertEquals(5_000, ((MetricsHistory.Overall) overall.get(2)).time());

        history.record(6_000, at(6_000, 6, plugin("a", metrics(2, 0, 0, 0))), Map.of());
        Map<?, ?> plugins = (Map<?, ?>) history.json().get("plugins");
        assertEquals(List.of("a"), List.copyOf(plugins.keySet()));
        List<?> points = (List<?>) plugins.get("a");
        assertEquals("counters that went down (a reinstall) count from zero", 2.0,
                ((MetricsHistory.Point) points.get(points.size() - 1)).taskRate(), 0.0);
    }
}
