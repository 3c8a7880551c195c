package io.prsm.runtime.metrics;

import java.util.Map;

/**
 * The latencies of the tasks each plugin finished since the previous call, for the
 * {@link MetricsSampler}'s per-interval percentiles. The plugin manager registers it for this
 * bundle's sampler: its package is not exported, and the service carries neither a permission nor
 * an offer to plugins, so the gatekeeper hides it from every plugin below trusted (a taker would
 * empty the intervals the charts draw).
 *
 * <p>Concurrent semantics: implementations are thread-safe; one caller (the sampler) takes.
 */
@FunctionalInterface
public interface IntervalLatencies {

    /** By plugin id, the sorted latencies in nanoseconds finished since the previous call (none: empty). */
    Map<String, long[]> take();
}
