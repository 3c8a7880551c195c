package io.prsm.runtime.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.prsm.api.runtime.JvmStats;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * Issue 21: the charts' latency is that of the tasks finished in each interval, with a break when
 * none finished, while {@code prsm:metrics} keeps its figures over the recent tasks. Samples are
 * taken by hand at times of a clock the test moves.
 */
public class MetricsSamplerTest {

    private static final long MILLI = 1_000_000;

    /** A clock that stands still until the test moves it. */
    private static final class StepClock extends Clock {
        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    private final Map<String, TaskMetrics> plugins = new LinkedHashMap<>(Map.of("a", new TaskMetrics(),
            "b", new TaskMetrics()));
    private final StepClock clock = new StepClock();
    private final MetricsSampler sampler = new MetricsSampler(this::snapshot, this::take, clock, 2_000);

    private RuntimeSnapshot snapshot() {
        List<PluginInfo> infos = plugins.entrySet().stream().map(entry -> new PluginInfo(1, entry.getKey(), "1.0.0",
                "utility", "isolated", PluginState.ACTIVE, entry.getKey(), "", "", "", List.of(), List.of(), List.of(),
                java.util.Set.of(), 0, 0, 0, null, entry.getValue().snapshot(0, 0, 0), List.of(), List.of())).toList();
        return new RuntimeSnapshot(clock.instant(), Instant.EPOCH, "1.0.0", infos,
                TaskMetrics.total(plugins.values(), infos.stream().map(PluginInfo::metrics).toList()),
                new JvmStats(1, 0, 0, 0, 0.25, 0, 0, 2, 10, 100, 0, 0, 0));
    }

    private Map<String, long[]> take() {
        Map<String, long[]> taken = new LinkedHashMap<>();
        plugins.forEach((id, metrics) -> taken.put(id, metrics.takeInterval()));
        return taken;
    }

    private void run(String plugin, int tasks, long latencyMillis) {
        for (int i = 0; i < tasks; i++) {
            plugins.get(plugin).submitted();
            plugins.get(plugin).finished(true, latencyMillis * MILLI);
        }
    }

    private MetricsHistory.Overall lastOverall() {
        List<?> overall = (List<?>) sampler.history().get("overall");
        return (MetricsHistory.Overall) overall.get(overall.size() - 1);
    }

    private MetricsHistory.Point lastOf(String plugin) {
        List<?> points = (List<?>) ((Map<?, ?>) sampler.history().get("plugins")).get(plugin);
        return (MetricsHistory.Point) points.get(points.size() - 1);
    }

    @Test
    public void aSlowTaskIsOnTheLatencyLineOnlyInItsIntervalAndAnIdleIntervalIsABreak() {
        run("a", 1, 300);
        sampler.sample();
        // tasks before the first sample belong to no interval
        assertEquals(List.of(), sampler.history().get("overall"));

        run("a", 1, 500);
        clock.advance(2_000);
        sampler.sample();
        assertEquals(new MetricsHistory.Overall(clock.millis(), 0.5, 500.0, 500.0, 1, 0.25), lastOverall());
        assertEquals(500.0, lastOf("a").p95Millis(), 0);
        assertNull("b ran nothing", lastOf("b").p95Millis());

        clock.advance(2_000);
        sampler.sample();
        assertEquals("idle: no percentiles, a break in the line",
                new MetricsHistory.Overall(clock.millis(), 0, null, null, 1, 0.25), lastOverall());
        assertNull(lastOf("a").p50Millis());
        assertEquals("prsm:metrics still shows its recent tasks' 500 ms", 500.0, snapshot().totals().p95Millis(), 0);

        run("a", 9, 2);
        run("b", 1, 40);
        clock.advance(4_000);
        sampler.sample();
        MetricsHistory.Overall busy = lastOverall();
        assertEquals("ten tasks over 4 s", 2.5, busy.taskRate(), 0);
        assertEquals(2.0, busy.p50Millis(), 0);
        assertEquals(40.0, busy.p95Millis(), 0);
        assertEquals(2.0, lastOf("a").p95Millis(), 0);
        assertEquals(40.0, lastOf("b").p50Millis(), 0);
        assertEquals(3, ((List<?>) sampler.history().get("overall")).size());
    }

    @Test
    public void aFailedOrInvalidTaskCountsInItsIntervalsLatencyAsInPrsmMetrics() {
        sampler.sample();
        plugins.get("a").finished(false, 7 * MILLI);
        plugins.get("a").invalid(9 * MILLI);
        clock.advance(2_000);
        sampler.sample();
        assertEquals(7.0, lastOf("a").p50Millis(), 0);
        assertEquals(9.0, lastOf("a").p95Millis(), 0);
    }
}
