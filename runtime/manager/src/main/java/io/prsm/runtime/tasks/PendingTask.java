package io.prsm.runtime.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prsm.api.Plugin;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.platform.CodeStops;
import io.prsm.runtime.metrics.ThreadResources;

/**
 * A task of one {@link TaskQueue} between submission and response.
 *
 * <p>Concurrent semantics: thread-safe as documented per field. Whoever answers the task first
 * (an attempt, its deadline, a closing queue) wins {@link #claim()}; its neighbours among the tasks
 * in flight are guarded by the queue's lock; the attempt running now by this object's monitor.
 */
final class PendingTask {
    final Task task;
    final long submittedNanos = System.nanoTime();
    final long deadlineNanos;
    final CompletableFuture<PluginResponse> result;
    /** Set by whoever answers first: the attempt, the deadline or a closing queue. */
    final AtomicBoolean answered = new AtomicBoolean();
    /** The plugin instance it runs on; set when a drainer takes it. */
    Plugin target;
    int retries;
    /** Neighbours among the tasks in flight; guarded by the queue's lock. */
    PendingTask older;
    PendingTask newer;
    /** Delivers the interrupts of its plugin's stopped attempts. */
    private final Interrupters interrupters;
    /** The thread running an attempt now; guarded by this object's monitor. */
    private Thread runner;
    /** Allocated bytes of the runner when the attempt started, or -1; guarded by this object's monitor. */
    private long allocatedAtStart = -1;
    /** Whether the attempt running now was stopped; guarded by this object's monitor. */
    private boolean stopped;
    /**
     * Whether the last stop came from the watchdog (deadline or memory), which then answers the
     * task itself; guarded by this object's monitor.
     */
    private boolean byWatchdog;
    /** The interrupt of the attempt running now, once stopped; guarded by this object's monitor. */
    private TaskInterrupt interrupt;
    /** The thread of the attempt until it has left the plugin and settled its interrupt, or null. */
    private volatile Thread attempting;
    /**
     * Whether the drainer running the attempt gave its slot back, or the queue took it back from a
     * thread that did not stop; guarded by the queue's lock.
     */
    boolean slotReleased;

    PendingTask(Task task, long timeoutNanos, long spinNanos, Interrupters interrupters) {
        this.task = task;
        this.interrupters = interrupters;
        this.result = new TaskAnswer<>(spinNanos);
        this.deadlineNanos = submittedNanos + timeoutNanos;
    }

    /** Whether the caller is the one to answer this task. */
    boolean claim() {
        return answered.compareAndSet(false, true);
    }

    synchronized void runOn(Thread thread, long allocated) {
        runner = thread;
        attempting = thread;
        allocatedAtStart = allocated;
        byWatchdog = false;
    }

    /**
     * Stops the attempt running now if its thread allocated more than {@code limit} bytes since
     * it started; returns why, or null. Measured and stopped under this object's monitor, so the
     * thread measured is still this attempt's.
     */
    synchronized String stopIfAllocatedOver(long limit, ThreadResources resources, String pluginId) {
        if (runner == null || stopped || allocatedAtStart < 0) {
            return null;
        }
        long used = resources.allocatedBytes(runner) - allocatedAtStart;
        if (used <= limit) {
            return null;
        }
        String reason = memoryLimitReason(task, pluginId, "allocated", used, limit);
        stopped = true;
        byWatchdog = true;
        CodeStops.raise(runner, reason);
        interrupt = interrupters.interrupt(runner, reason);
        return reason;
    }

    /** Why a task that allocated ({@code verb}) {@code used} bytes past its plugin's {@code limit} is stopped. */
    static String memoryLimitReason(Task task, String pluginId, String verb, long used, long limit) {
        return "Task '" + task.type() + "' of plugin '" + pluginId + "' " + verb + " " + mib(used) + " MiB, more than "
                + "the " + mib(limit) + " MiB its plugin declares (memory). Check the plugin, or declare a higher memory "
                + "limit.";
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    synchronized boolean stoppedByWatchdog() {
        return byWatchdog;
    }

    /** After this, an expiring deadline no longer stops the thread that ran the attempt. */
    void ranOn() {
        TaskInterrupt delivered = null;
        synchronized (this) {
            if (stopped) {
                CodeStops.lower(runner);
                delivered = interrupt;
                stopped = false;
            }
            runner = null;
        }
        // outside the monitor: a plugin's close code can hold the interrupt up, and the stop checks read this task
        if (delivered != null) {
            delivered.settle();
        }
        attempting = null;
    }

    /** Whether the attempt started on {@code thread} has not come back from the plugin (and its interrupt) yet. */
    boolean attemptRunsOn(Thread thread) {
        return attempting == thread;
    }

    /** The interrupt of the last stop of an attempt, or null. */
    synchronized TaskInterrupt lastInterrupt() {
        return interrupt;
    }

    /** Bytes {@code thread} allocated since this task's attempt started on it, or -1 if unknown. */
    synchronized long allocatedSinceStart(ThreadResources resources, Thread thread) {
        long now = resources.allocatedBytes(thread);
        return allocatedAtStart < 0 || now < 0 ? -1 : now - allocatedAtStart;
    }

    /** Stops the attempt running now, if any; returns its interrupt if this call stopped it, else null. */
    synchronized TaskInterrupt stop(String reason, boolean deadline) {
        if (runner == null || stopped) {
            return null;
        }
        stopped = true;
        byWatchdog = deadline;
        CodeStops.raise(runner, reason);
        interrupt = interrupters.interrupt(runner, reason);
        return interrupt;
    }
}
