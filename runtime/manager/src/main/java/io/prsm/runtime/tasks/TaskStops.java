package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.limits.Quote;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;
import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.metrics.ThreadResources;

/**
 * The stops of one queue's running tasks: a task past its deadline is answered {@code TIMEOUT},
 * one that allocated more than its plugin's declared memory {@code MEMORY_LIMIT} (both found by
 * the {@link TaskDeadlines} watchdog), and the tasks still running when the plugin is stopped or
 * quarantined are answered with why. Each stopped attempt's thread is interrupted and its stop
 * raised in {@link CodeStops}, so the checks the gatekeeper wove into an untrusted plugin's code
 * throw {@link PluginCodeStopped} until the task has left the plugin; each stop is reported to
 * {@code onStop} (audited).
 *
 * <p>Concurrent semantics: thread-safe; called by the watchdog and by whoever stops the plugin,
 * without the queue's lock held (it takes the lock through {@link InFlightTasks} and its queue).
 */
final class TaskStops {

    /** How the queue answers a task: unless answered already, running {@code counted} first if this call answers. */
    @FunctionalInterface
    interface Completion {
        boolean complete(PendingTask pending, PluginResponse response, boolean countsAgainstHealth, Runnable counted);
    }

    private final String pluginId;
    private final TaskSettings settings;
    private final TaskMetrics metrics;
    private final ThreadResources resources;
    private final Consumer<String> onStop;
    /** Bytes one task may allocate (the plugin's declared memory), or 0 for no limit. */
    private final long memoryLimit;
    private final InFlightTasks inFlight;
    private final Completion queue;
    private final Consumer<PendingTask> forgetWaiting;
    private final StuckThreads stuck;

    TaskStops(String pluginId, TaskSettings settings, TaskMetrics metrics, ThreadResources resources,
            Consumer<String> onStop, long memoryLimit, InFlightTasks inFlight, Completion queue,
            Consumer<PendingTask> forgetWaiting, StuckThreads stuck) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.metrics = metrics;
        this.resources = resources;
        this.onStop = onStop;
        this.memoryLimit = memoryLimit;
        this.inFlight = inFlight;
        this.queue = queue;
        this.forgetWaiting = forgetWaiting;
        this.stuck = stuck;
    }

    /**
     * Stops the tasks running now (the plugin is stopped, uninstalled or quarantined and they did
     * not finish in time): each is interrupted, and its code, when the gatekeeper wove it, throws
     * at its next check; each is answered with {@code reason}.
     */
    void stopRunning(String reason) {
        for (PendingTask pending : inFlight.all()) {
            stopped(pending, pending.stop(reason, false), reason);
        }
    }

    /** Whether the watchdog must sample this queue's running tasks' allocation. */
    boolean limitsMemory() {
        return memoryLimit > 0;
    }

    /**
     * Stops, and answers with {@code MEMORY_LIMIT}, each running task that allocated more than the
     * plugin's declared memory since it started. Called by the watchdog while tasks are in flight.
     */
    void enforceMemory() {
        if (memoryLimit <= 0) {
            return;
        }
        for (PendingTask pending : inFlight.all()) {
            String over = pending.stopIfAllocatedOver(memoryLimit, resources, pluginId);
            if (over != null) {
                stopped(pending, pending.lastInterrupt(), over);
                queue.complete(pending, PluginResponse.failure(over, ErrorSeverity.HIGH, "MEMORY_LIMIT"), true,
                        () -> { });
            }
        }
    }

    /**
     * Answers the tasks whose deadline is at or before {@code now} with {@code TIMEOUT} and
     * interrupts their attempts; returns the next deadline, or {@link InFlightTasks#NO_DEADLINE}
     * when no task is in flight (the watchdog then forgets the queue until its next task).
     */
    long expireOverdue(long now) {
        List<PendingTask> overdue = new ArrayList<>(0);
        long next = inFlight.collectOverdue(now, overdue);
        overdue.forEach(this::expire);
        return next;
    }

    private void expire(PendingTask pending) {
        forgetWaiting.accept(pending);
        PluginResponse timeout = PluginResponse.failure("Task '" + Quote.prefix(pending.task.type()) + "' of plugin '"
                + pluginId + "' did not finish within " + describe(settings.timeout()) + ". Check the plugin, or raise "
                + "prsm.task.timeout.", ErrorSeverity.HIGH, "TIMEOUT");
        // stopped, and the stop audited, before it is answered: whoever gets the answer finds both done
        if (!pending.answered.get()) {
            stopped(pending, pending.stop(timeout.error(), true), timeout.error());
        }
        queue.complete(pending, timeout, true, metrics::timedOut);
    }

    /** Audits a stop this queue made ({@code interrupt} not null), and checks after a grace that its thread left. */
    private void stopped(PendingTask pending, TaskInterrupt interrupt, String reason) {
        if (interrupt != null) {
            onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + reason);
            stuck.watch(pending, interrupt);
        }
    }

    /** The plugin's threads that did not stop; see {@link StuckThreads}. */
    List<String> lostThreads() {
        return stuck.lostThreads();
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
