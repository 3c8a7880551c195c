package io.prsm.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time the benchmark thread spent per operation over one iteration, printed as a line
 * {@code # cpu SIDE: N us/op}. On a shared host whose load average is
 * many times its cores, wall-clock time per operation is mostly time spent waiting for a core; the
 * thread's own CPU time (user and system) is what the code under test costs, whatever the others do.
 *
 * <p>Concurrent semantics: one instance per benchmark state; used on the benchmark thread only.
 */
final class CpuPerOperation {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuAtStart;
    private long opsAtStart;
    /** Operations done so far: the benchmark method counts each. */
    long ops;

    /** At the start of an iteration, on the benchmark thread. */
    void start() {
        cpuAtStart = threads.getCurrentThreadCpuTime();
        opsAtStart = ops;
    }

    /** At the end of an iteration, on the benchmark thread: prints the CPU time per operation for {@code side}. */
    void end(String side) {
        long done = ops - opsAtStart;
        if (done > 0) {
            double micros = (threads.getCurrentThreadCpuTime() - cpuAtStart) / 1000.0 / done;
            System.out.printf("%n# cpu %s: %.3f us/op%n", side, micros);
        }
    }
}
