package io.prsm.benchmarks;

import java.util.function.LongUnaryOperator;

/** A tight numeric loop, as an untrusted plugin's CPU-bound task might run: woven or not by {@link CheckpointBenchmark}. */
public final class NumericLoop implements LongUnaryOperator {

    @Override
    public long applyAsLong(long turns) {
        long hash = 1;
        for (long i = 0; i < turns; i++) {
            hash = hash * 31 + (i ^ (hash >>> 7));
        }
        return hash;
    }
}
