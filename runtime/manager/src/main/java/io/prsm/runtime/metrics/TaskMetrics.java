package io.prsm.runtime.metrics;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;

import io.prsm.api.runtime.PluginMetrics;

/**
 * Counters, resource use and recent latencies of one plugin's tasks.
 *
 * <p>Concurrent semantics: thread-safe; counters are {@link LongAdder}s so recording from many
 * task threads does not contend.
 */
public final class TaskMetrics {

    private static final int RESERVOIR_SIZE = 2048;
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private final LongAdder submitted = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder cpuNanos = new LongAdder();
    private final LongAdder allocatedBytes = new LongAdder();
    private final LatencyReservoir latencies = new LatencyReservoir(RESERVOIR_SIZE);
    /** The tasks finished since the metrics sampler last took them: the charts' latency per interval. */
    private final LatencyReservoir interval = new LatencyReservoir(RESERVOIR_SIZE);

    public void submitted() {
        submitted.increment();
    }

    /** A task refused at once (queue full, plugin unavailable); counts as submitted and failed. */
    public void rejected() {
        submitted.increment();
        rejected.increment();
        failed.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void timedOut() {
        timedOut.increment();
    }

    /** A task finished with a response after {@code latencyNanos} from submission. */
    public void finished(boolean success, long latencyNanos) {
        (success ? succeeded : failed).increment();
        latencies.record(latencyNanos);
        interval.record(latencyNanos);
    }

    /**
     * A task the plugin refused as the caller's mistake (InvalidTaskException), answered after
     * {@code latencyNanos}: counted apart, never as a failure of the plugin.
     */
    public void invalid(long latencyNanos) {
        invalid.increment();
        latencies.record(latencyNanos);
        interval.record(latencyNanos);
    }

    /** Resource use of one attempt; negative values mean "not measurable here" and are skipped. */
    public void used(long cpu, long allocated) {
        if (cpu > 0) {
            cpuNanos.add(cpu);
        }
        if (allocated > 0) {
            allocatedBytes.add(allocated);
        }
    }

    /**
     * The latencies (nanoseconds, sorted) of the tasks finished since the previous call, which
     * then start again from none. Only the {@link MetricsSampler} takes them: a second taker would
     * split the intervals between the two.
     */
    public long[] takeInterval() {
        return interval.drainSorted();
    }

    /** A snapshot, with the queue figures the caller knows. */
    public PluginMetrics snapshot(int queued, int running, int consecutiveFailures) {
        long[] sorted = latencies.sortedSamples();
        return new PluginMetrics(submitted.sum(), succeeded.sum(), failed.sum(), rejected.sum(), timedOut.sum(),
                retries.sum(), queued, running, consecutiveFailures, millis(LatencyReservoir.quantile(sorted, 0.50)),
                millis(LatencyReservoir.quantile(sorted, 0.95)), millis(LatencyReservoir.quantile(sorted, 0.99)),
                millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), cpuNanos.sum(), allocatedBytes.sum(),
                invalid.sum());
    }

    /** The metrics of several plugins added up; percentiles over all their recent tasks. */
    public static PluginMetrics total(Collection<TaskMetrics> all, Collection<PluginMetrics> snapshots) {
        long[] sorted = all.stream().flatMapToLong(m -> LongStream.of(m.latencies.sortedSamples())).sorted().toArray();
        long submitted = 0, succeeded = 0, failed = 0, rejected = 0, timedOut = 0, retries = 0, cpu = 0, allocated = 0;
        long invalid = 0;
        int queued = 0, running = 0, consecutive = 0;
        for (PluginMetrics m : snapshots) {
            submitted += m.submitted();
            succeeded += m.succeeded();
            failed += m.failed();
            invalid += m.invalid();
            rejected += m.rejected();
            timedOut += m.timedOut();
            retries += m.retries();
            cpu += m.cpuNanos();
            allocated += m.allocatedBytes();
            queued += m.queued();
            running += m.running();
            consecutive = Math.max(consecutive, m.consecutiveFailures());
        }
        return new PluginMetrics(submitted, succeeded, failed, rejected, timedOut, retries, queued, running,
                consecutive, millis(LatencyReservoir.quantile(sorted, 0.50)),
                millis(LatencyReservoir.quantile(sorted, 0.95)), millis(LatencyReservoir.quantile(sorted, 0.99)),
                millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), cpu, allocated, invalid);
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
