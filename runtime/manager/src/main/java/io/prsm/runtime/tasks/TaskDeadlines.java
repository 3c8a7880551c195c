package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that answers overdue tasks with {@code TIMEOUT}, for every {@link TaskQueue} of
 * the runtime (through the queue's {@link TaskStops}). A queue asks to be watched when its first task is in flight; the watchdog sleeps
 * until the earliest deadline among the watched queues and forgets a queue once it has nothing in
 * flight.
 *
 * <p>It never needs waking: every task has the same timeout, so a task submitted while the
 * watchdog sleeps is due after the watchdog's latest possible wake-up, one timeout from when it
 * went to sleep. Submitting a task therefore costs no thread wake-up and no timer entry.
 *
 * <p>For a queue whose plugin declares a memory limit it also samples, every 10 ms while that queue
 * has tasks in flight, what each running task allocated, and stops a task past the limit
 * ({@link TaskStops#enforceMemory}); such a queue wakes it when it starts being watched.
 *
 * <p>Concurrent semantics: thread-safe; {@link #watch} from any thread, {@link #stop} once.
 */
public final class TaskDeadlines {

    /** How often the allocation of running tasks is sampled, for queues with a memory limit. */
    private static final long SAMPLE_NANOS = 10_000_000;

    private final ConcurrentLinkedQueue<TaskStops> watched = new ConcurrentLinkedQueue<>();
    private final long timeoutNanos;
    private final Thread watchdog;
    private volatile boolean stopped;

    TaskDeadlines(Duration timeout, ThreadFactory threads) {
        this.timeoutNanos = timeout.toNanos();
        this.watchdog = threads.newThread(this::watch);
    }

    void start() {
        watchdog.start();
    }

    /** Watches a queue's tasks in flight until it has none. */
    void watch(TaskStops queue) {
        watched.add(queue);
        if (queue.limitsMemory()) {
            // its allocation is sampled every SAMPLE_NANOS, not only at deadlines
            LockSupport.unpark(watchdog);
        }
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(watchdog);
    }

    private void watch() {
        while (!stopped) {
            long now = System.nanoTime();
            long wake = now + timeoutNanos;
            for (Iterator<TaskStops> queues = watched.iterator(); queues.hasNext();) {
                TaskStops queue = queues.next();
                if (queue.limitsMemory()) {
                    queue.enforceMemory();
                    if (now + SAMPLE_NANOS - wake < 0) {
                        wake = now + SAMPLE_NANOS;
                    }
                }
                long next = queue.expireOverdue(now);
                if (next == InFlightTasks.NO_DEADLINE) {
                    // removes this entry only: a queue that asked again since is a later entry
                    queues.remove();
                } else if (next - wake < 0) {
                    wake = next;
                }
            }
            long sleep = wake - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }
}
