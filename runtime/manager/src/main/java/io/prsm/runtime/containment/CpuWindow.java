package io.prsm.runtime.containment;

import java.util.ArrayDeque;

/**
 * One plugin's CPU use over a sliding window: samples of its cumulative CPU time, of which it keeps
 * the newest and the last one taken at or before the window's start, so the share is CPU time over
 * wall time across at least the whole window.
 *
 * <p>Concurrent semantics: not thread-safe; the CPU share guard samples on one thread.
 */
final class CpuWindow {

    private final long windowNanos;
    /** {time, cumulative CPU}, oldest first. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    CpuWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Adds the cumulative CPU time {@code cpuNanos} measured at {@code nowNanos}. */
    void add(long nowNanos, long cpuNanos) {
        samples.addLast(new long[] { nowNanos, cpuNanos });
        // drop the oldest while the next one still reaches back to the window's start
        while (samples.size() > 2) {
            long[] oldest = samples.removeFirst();
            if (nowNanos - samples.peekFirst()[0] < windowNanos) {
                samples.addFirst(oldest);
                break;
            }
        }
    }

    /** CPU cores used on average over the window, or -1 until the samples span a whole window. */
    double share() {
        if (samples.size() < 2) {
            return -1;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long wall = last[0] - first[0];
        if (wall < windowNanos) {
            return -1;
        }
        return Math.max(0, last[1] - first[1]) / (double) wall;
    }
}
