package io.prsm.runtime.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Reads the CPU time and allocated bytes of the current thread, so each task attempt can be
 * charged with what it used. Allocation needs the JDK's extended {@code ThreadMXBean}
 * ({@code com.sun.management}), which a host framework may not export; then allocation reads -1.
 *
 * <p>Concurrent semantics: immutable; every method reads the calling thread.
 */
public final class ThreadResources {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuSupported;
    private final AllocationReader allocation;

    public ThreadResources() {
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        if (cpu && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        this.cpuSupported = cpu;
        this.allocation = AllocationReader.create(threads);
    }

    /** CPU time of the current thread in nanoseconds, or -1. */
    public long cpuNanos() {
        return cpuSupported ? threads.getCurrentThreadCpuTime() : -1;
    }

    /** Bytes the current thread allocated so far, or -1. */
    public long allocatedBytes() {
        return allocation.currentThreadAllocatedBytes();
    }

    /** Isolates the optional com.sun.management type so this class loads without it. */
    private interface AllocationReader {
        long currentThreadAllocatedBytes();

        static AllocationReader create(ThreadMXBean threads) {
            try {
                if (threads instanceof com.sun.management.ThreadMXBean extended
                        && extended.isThreadAllocatedMemorySupported()) {
                    if (!extended.isThreadAllocatedMemoryEnabled()) {
                        extended.setThreadAllocatedMemoryEnabled(true);
                    }
                    return extended::getCurrentThreadAllocatedBytes;
                }
            } catch (NoClassDefFoundError notExported) {
                // the host does not export com.sun.management: allocation is not measured
            }
            return () -> -1;
        }
    }
}
