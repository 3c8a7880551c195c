package io.prsm.benchmarks;

/**
 * One line of the benchmark table: a figure beside its baseline from the same run.
 *
 * @param metric what is measured
 * @param baseline the baseline's value, as printed
 * @param prsm PRSM's value, as printed
 * @param ratio PRSM over baseline, as printed, or {@code -}
 * @param goal the goal, as printed
 * @param holds whether the goal holds
 */
public record ResultRow(String metric, String baseline, String prsm, String ratio, String goal, boolean holds) {
}
