/**
 * JMH benchmarks of PRSM against their baselines; {@code benchmarks/run} runs them and
 * {@link io.prsm.benchmarks.Report} prints the table.
 */
package io.prsm.benchmarks;
