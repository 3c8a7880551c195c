package io.prsm.runtime.metrics;

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

import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.limits.Quote;

/**
 * Samples {@link RuntimeStatistics} on a fixed interval into a {@link MetricsHistory}, from the
 * runtime's start, so the console's charts have the last minutes the moment a page opens. The
 * interval is the framework property {@value #INTERVAL_PROPERTY} (milliseconds, default
 * {@value #DEFAULT_INTERVAL_MILLIS}); {@value #WINDOW_MINUTES} minutes are kept.
 *
 * <p>Concurrent semantics: one daemon thread samples; {@link #history()} may be called from any thread.
 */
@Component(service = MetricsSampler.class)
public final class MetricsSampler {

    static final String INTERVAL_PROPERTY = "prsm.console.sampleMillis";
    static final long DEFAULT_INTERVAL_MILLIS = 2000;
    static final int WINDOW_MINUTES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSampler.class);

    private final RuntimeStatistics statistics;
    private final MetricsHistory history;
    private final ScheduledExecutorService timer;
    private final long interval;

    @Activate
    public MetricsSampler(@Reference RuntimeStatistics statistics, BundleContext context) {
        this.statistics = statistics;
        this.interval = interval(context);
        this.history = new MetricsHistory((int) (WINDOW_MINUTES * 60_000L / interval));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "prsm-metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::sample, 0, interval, TimeUnit.MILLISECONDS);
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

    private void sample() {
        try {
            history.record(statistics.snapshot());
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
