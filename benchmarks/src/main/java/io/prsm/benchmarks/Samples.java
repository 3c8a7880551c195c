package io.prsm.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Order statistics of repeated whole-process or scenario measurements.
 *
 * <p>Concurrent semantics: immutable.
 */
final class Samples {

    private final double[] sorted;

    Samples(List<Double> values) {
        this.sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
    }

    /** The {@code p}-th percentile (0 to 100), nearest rank. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    int size() {
        return sorted.length;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s", Arrays.toString(sorted));
    }

    static String ratio(double prsm, double baseline) {
        return baseline <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", prsm / baseline);
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }
}
