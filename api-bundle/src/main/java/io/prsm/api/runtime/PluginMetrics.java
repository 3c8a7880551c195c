package io.prsm.api.runtime;

/**
 * What the runtime measured of one plugin's tasks since the plugin was installed or the runtime
 * started. Latencies are the percentiles of the most recent tasks, from submission to response.
 *
 * @param submitted tasks submitted
 * @param succeeded tasks answered with success
 * @param failed tasks answered with a failure of the plugin's or the runtime's (including timeouts and
 *        rejections); a caller's invalid task is not one of them, see {@code invalid}
 * @param rejected tasks refused at once because the queue was full or the plugin was unavailable
 * @param timedOut tasks that did not finish within their timeout
 * @param retries retry attempts made for retryable failures
 * @param queued tasks waiting now
 * @param running tasks executing now
 * @param consecutiveFailures failures since the last success; quarantine starts at the limit
 * @param p50Millis median latency
 * @param p95Millis 95th percentile latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis highest latency among the recent tasks
 * @param cpuNanos CPU time the plugin's tasks used
 * @param allocatedBytes heap the plugin's tasks allocated
 * @param invalid tasks the plugin refused as the caller's mistake ({@code InvalidTaskException}: an
 *        unknown type, a missing or malformed field); they count neither as succeeded nor as failed,
 *        so they leave the error rate and the plugin's health alone
 */
public record PluginMetrics(long submitted, long succeeded, long failed, long rejected, long timedOut,
        long retries, int queued, int running, int consecutiveFailures, double p50Millis, double p95Millis,
        double p99Millis, double maxMillis, long cpuNanos, long allocatedBytes, long invalid) {

    /** Metrics of a plugin that has run nothing. */
    public static final PluginMetrics NONE = new PluginMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Metrics without a count of invalid tasks (as before 1.1), for callers built against 1.0. */
    public PluginMetrics(long submitted, long succeeded, long failed, long rejected, long timedOut, long retries,
            int queued, int running, int consecutiveFailures, double p50Millis, double p95Millis, double p99Millis,
            double maxMillis, long cpuNanos, long allocatedBytes) {
        this(submitted, succeeded, failed, rejected, timedOut, retries, queued, running, consecutiveFailures,
                p50Millis, p95Millis, p99Millis, maxMillis, cpuNanos, allocatedBytes, 0);
    }

    /** Failed tasks as a share of succeeded and failed tasks (invalid ones left out), 0 when there are none. */
    public double errorRate() {
        long finished = succeeded + failed;
        return finished == 0 ? 0 : (double) failed / finished;
    }
}
