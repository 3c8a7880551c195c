package io.prsm.runtime.metrics;

import java.util.Arrays;

/**
 * The latencies of the most recent tasks, in a fixed-size ring, from which percentiles are read.
 * Recent tasks describe how a plugin behaves now better than an average since start would.
 *
 * <p>Concurrent semantics: thread-safe; recording and reading synchronize on the reservoir.
 */
public final class LatencyReservoir {

    private final long[] samples;
    private int next;
    private int size;

    public LatencyReservoir(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.samples = new long[capacity];
    }

    public synchronized void record(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** A sorted copy of the samples held now. */
    public synchronized long[] sortedSamples() {
        long[] copy = Arrays.copyOf(samples, size);
        Arrays.sort(copy);
        return copy;
    }

    /**
     * A sorted copy of the samples held now, which are then forgotten: what was recorded since the
     * previous drain (its newest {@code capacity} samples when more came).
     */
    public synchronized long[] drainSorted() {
        long[] sorted = sortedSamples();
        next = 0;
        size = 0;
        return sorted;
    }

    /**
     * The {@code quantile} (0 to 1) of sorted samples, by the nearest-rank method; 0 for none.
     */
    public static long quantile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
