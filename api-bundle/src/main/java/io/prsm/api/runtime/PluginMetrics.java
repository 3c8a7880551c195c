package io.prsm.api.runtime;

/**
 * What the runtime measured of one plugin's tasks since the plugin was installed or the runtime
 * started. Latencies are the percentiles of the most recent tasks, from submission to response.
 *
 * @param submitted tasks submitted
 * @param succeeded tasks answered with success
 * @param failed tasks answered with a failure (including timeouts and rejections)
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
 */
public record PluginMetrics(long submitted, long succeeded, long failed, long rejected, long timedOut,
        long retries, int queued, int running, int consecutiveFailures, double p50Millis, double p95Millis,
        double p99Millis, double maxMillis, long cpuNanos, long allocatedBytes) {

    /** Metrics of a plugin that has run nothing. */
    public static final PluginMetrics NONE = new PluginMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Failed tasks as a share of finished tasks, 0 when none finished. */
    public double errorRate() {
        long finished = succeeded + failed;
        return finished == 0 ? 0 : (double) failed / finished;
    }
}
