package io.prsm.runtime.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads the CPU time and allocated bytes of the current thread, so each task attempt can be
 * charged with what it used. Allocation needs the JDK's extended {@code ThreadMXBean}
 * ({@code com.sun.management}), which a host framework may not export; then allocation reads -1.
 *
 * <p>Concurrent semantics: immutable; every method but those taking a thread reads the calling thread.
 */
public final class ThreadResources {

    /** The JDK's thread MXBean and what it supports; finding it loads the platform MXBean providers. */
    private record Readers(ThreadMXBean threads, boolean cpuSupported, AllocationReader allocation) {
        static Readers find() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            boolean cpu = threads.isCurrentThreadCpuTimeSupported();
            if (cpu && !threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            return new Readers(threads, cpu, AllocationReader.create(threads));
        }
    }

    private final CompletableFuture<Readers> readers;

    /**
     * @param background finds the JDK's readers off the caller's thread: it takes tens of
     *        milliseconds, which would otherwise add to the runtime's start-up
     */
    public ThreadResources(Executor background) {
        this.readers = CompletableFuture.supplyAsync(Readers::find, background);
    }

    /** CPU time of the current thread in nanoseconds, or -1. */
    public long cpuNanos() {
        Readers found = readers.join();
        return found.cpuSupported() ? found.threads().getCurrentThreadCpuTime() : -1;
    }

    /** CPU time of {@code thread} in nanoseconds, or -1 (read from another thread, by containment). */
    public long cpuNanos(Thread thread) {
        Readers found = readers.join();
        return found.cpuSupported() ? found.threads().getThreadCpuTime(thread.getId()) : -1;
    }

    /** Bytes the current thread allocated so far, or -1. */
    public long allocatedBytes() {
        return readers.join().allocation().currentThreadAllocatedBytes();
    }

    /** Bytes {@code thread} allocated so far, or -1 (read from another thread, by the task watchdog). */
    public long allocatedBytes(Thread thread) {
        return readers.join().allocation().threadAllocatedBytes(thread.getId());
    }

    /** Isolates the optional com.sun.management type so this class loads without it. */
    private interface AllocationReader {
        long currentThreadAllocatedBytes();

        long threadAllocatedBytes(long threadId);

        static AllocationReader create(ThreadMXBean threads) {
            try {
                if (threads instanceof com.sun.management.ThreadMXBean extended
                        && extended.isThreadAllocatedMemorySupported()) {
                    if (!extended.isThreadAllocatedMemoryEnabled()) {
                        extended.setThreadAllocatedMemoryEnabled(true);
                    }
                    return new AllocationReader() {
                        @Override
                        public long currentThreadAllocatedBytes() {
                            return extended.getCurrentThreadAllocatedBytes();
                        }

                        @Override
                        public long threadAllocatedBytes(long threadId) {
                            return extended.getThreadAllocatedBytes(threadId);
                        }
                    };
                }
            } catch (NoClassDefFoundError notExported) {
                // the host does not export com.sun.management: allocation is not measured
            }
            return new AllocationReader() {
                @Override
                public long currentThreadAllocatedBytes() {
                    return -1;
                }

                @Override
                public long threadAllocatedBytes(long threadId) {
                    return -1;
                }
            };
        }
    }
}
