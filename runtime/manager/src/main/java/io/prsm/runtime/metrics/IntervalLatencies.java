package io.prsm.runtime.metrics;

import java.util.Map;

/**
 * The latencies of the tasks each plugin finished since the previous call, for the
 * {@link MetricsSampler}'s per-interval percentiles. The plugin manager offers it inside this
 * bundle; its package is not exported, so no plugin can take (and so empty) the intervals.
 *
 * <p>Concurrent semantics: implementations are thread-safe; one caller (the sampler) takes.
 */
@FunctionalInterface
public interface IntervalLatencies {

    /** By plugin id, the sorted latencies in nanoseconds finished since the previous call (none: empty). */
    Map<String, long[]> take();
}
