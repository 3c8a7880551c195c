package io.prsm.api.runtime;

/**
 * Measurements of the JVM the runtime runs in, taken when the snapshot was made.
 *
 * @param heapUsedBytes heap in use
 * @param heapCommittedBytes heap committed by the JVM
 * @param heapMaxBytes the most heap the JVM may use, or -1 if unbounded
 * @param nonHeapUsedBytes non-heap memory in use (metaspace, code cache)
 * @param processCpuLoad recent CPU use of the process, 0 to 1 of all cores, or -1 if unknown
 * @param processCpuTimeNanos CPU time used by the process, or -1 if unknown
 * @param systemLoadAverage the one-minute load average, or -1 if unknown
 * @param availableProcessors processors the JVM may use
 * @param threadCount live threads
 * @param loadedClassCount classes loaded now
 * @param gcCount garbage collections so far
 * @param gcTimeMillis time spent collecting garbage
 * @param uptimeMillis time since the JVM started
 */
public record JvmStats(long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes, long nonHeapUsedBytes,
        double processCpuLoad, long processCpuTimeNanos, double systemLoadAverage, int availableProcessors,
        int threadCount, int loadedClassCount, long gcCount, long gcTimeMillis, long uptimeMillis) {
}
