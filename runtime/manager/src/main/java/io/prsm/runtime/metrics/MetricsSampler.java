package io.prsm.runtime.metrics;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.RuntimeSnapshot;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.limits.Quote;

/**
 * Samples {@link RuntimeStatistics} and the latencies of the tasks finished since the previous
 * sample ({@link IntervalLatencies}) on a fixed interval into a {@link MetricsHistory}, from the
 * runtime's start, so the console's charts have the last minutes the moment a page opens. The
 * interval is the framework property {@value #INTERVAL_PROPERTY} (milliseconds, default
 * {@value #DEFAULT_INTERVAL_MILLIS}); {@value #WINDOW_MINUTES} minutes are kept.
 *
 * <p>Concurrent semantics: one daemon thread samples (it alone takes the intervals' latencies);
 * {@link #history()} may be called from any thread.
 */
@Component(service = MetricsSampler.class)
public final class MetricsSampler {

    static final String INTERVAL_PROPERTY = "prsm.console.sampleMillis";
    static final long DEFAULT_INTERVAL_MILLIS = 2000;
    static final int WINDOW_MINUTES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);

    private final RuntimeStatistics statistics;
    private final IntervalLatencies intervals;
    private final Clock clock;
    private final MetricsHistory history;
    private final ScheduledExecutorService timer;
    private final long interval;

    @Activate
    public MetricsSampler(@Reference RuntimeStatistics statistics, @Reference IntervalLatencies intervals,
            BundleContext context) {
        this(statistics, intervals, Clock.systemUTC(), interval(context));
        timer.scheduleAtFixedRate(this::sample, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** A sampler that samples only when {@link #sample()} is called, with times from {@code clock}. */
    MetricsSampler(RuntimeStatistics statistics, IntervalLatencies intervals, Clock clock, long interval) {
        this.statistics = statistics;
        this.intervals = intervals;
        this.clock = clock;
        this.interval = interval;
        this.history = new MetricsHistory((int) (WINDOW_MINUTES * 60_000L / interval));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "prsm-metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    /** The samples so far and the interval between them, as the admin API serves them. */
    public Map<String, Object> history() {
        Map<String, Object> json = history.json();
        json.put("interval_millis", interval);
        return json;
    }

    /** Ends the current interval now: its counters' difference and the latencies of the tasks finished in it. */
    void sample() {
        try {
            // the snapshot first: a task that finishes between the two calls is in the next interval's
            // latencies but already in this one's count, which is off by at most that task
            RuntimeSnapshot snapshot = statistics.snapshot();
            history.record(clock.millis(), snapshot, intervals.take());
        } catch (RuntimeException failed) {
            // one failed measurement leaves a gap in the charts, it must not end the sampling
            LOG.warn("Sampling the runtime's metrics failed", failed);
        }
    }

    private static long interval(BundleContext context) {
        String value = context.getProperty(INTERVAL_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL_MILLIS;
        }
        if (value.trim().matches("[0-9]{3,5}") && Long.parseLong(value.trim()) >= 100
                && Long.parseLong(value.trim()) <= 60_000) {
            return Long.parseLong(value.trim());
        }
        LOG.warn("{}={} is not a number of milliseconds from 100 to 60000; sampling every {} ms", INTERVAL_PROPERTY,
                Quote.prefix(value), DEFAULT_INTERVAL_MILLIS);
        return DEFAULT_INTERVAL_MILLIS;
    }
}
