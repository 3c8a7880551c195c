package io.prsm.runtime.tasks;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.limits.Quote;
import io.prsm.runtime.metrics.TaskMetrics;

/**
 * How one queue's tasks end: an attempt's outcome is retried or answered; every answer settles
 * the plugin's health first, and the failure that reaches {@code prsm.task.quarantine} closes the
 * queue and reports the quarantine. Each task is answered exactly once: attempt, deadline and
 * closing race for its {@code answered} flag.
 *
 * <p>Concurrent semantics: thread-safe. Takes the queue's lock only to update the in-flight tasks,
 * health and mode; futures are completed, and the quarantine reported, without it.
 */
final class TaskAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(TaskQueue.class); // where operators have always found quarantines

    private final ReentrantLock lock;
    private final QueueMode mode;
    private final InFlightTasks inFlight;
    private final TaskHealth health;
    private final TaskMetrics metrics;
    private final TaskAttempt attempts;
    private final TaskRetries retries;
    private final Consumer<String> onQuarantine;
    private final Consumer<String> stopRunning;
    private final Consumer<PendingTask> requeue;

    /**
     * @param onQuarantine told the reason when the plugin is quarantined; called without locks held
     * @param stopRunning stops the tasks running now, answering them with the reason
     * @param requeue puts a task to retry back among the waiting ones
     */
    TaskAnswers(ReentrantLock lock, QueueMode mode, InFlightTasks inFlight, TaskHealth health, TaskMetrics metrics,
            TaskAttempt attempts, TaskRetries retries, Consumer<String> onQuarantine, Consumer<String> stopRunning,
            Consumer<PendingTask> requeue) {
        this.lock = lock;
        this.mode = mode;
        this.inFlight = inFlight;
        this.health = health;
        this.metrics = metrics;
        this.attempts = attempts;
        this.retries = retries;
        this.onQuarantine = onQuarantine;
        this.stopRunning = stopRunning;
        this.requeue = requeue;
    }

    /** Runs one attempt of {@code pending} on this drainer, then retries, or answers it. */
    void attempt(PendingTask pending) {
        TaskAttempt.Outcome outcome = attempts.run(pending);
        if (pending.stoppedByWatchdog()) {
            return; // however it ended, the watchdog stopped it and answers it (TIMEOUT or MEMORY_LIMIT)
        }
        if (outcome.retry() && !pending.answered.get()) {
            scheduleRetry(pending);
        } else if (outcome.callersMistake()) {
            completeInvalid(pending, outcome.response());
        } else {
            complete(pending, outcome.response(), outcome.countsAgainstHealth());
        }
    }

    private void scheduleRetry(PendingTask pending) {
        if (!retries.schedule(pending, requeue)) {
            complete(pending, PluginResponse.failure("The runtime is shutting down; task '"
                    + Quote.prefix(pending.task.type()) + "' was not retried.", ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }

    /** Answers a task the plugin refused as the caller's mistake: no failure of the plugin's, see docs/failures.md. */
    private void completeInvalid(PendingTask pending, PluginResponse response) {
        if (!pending.claim()) {
            return;
        }
        metrics.invalid(System.nanoTime() - pending.submittedNanos);
        lock.lock();
        try {
            inFlight.unlink(pending);
        } finally {
            lock.unlock();
        }
        pending.result.complete(response);
    }

    boolean complete(PendingTask pending, PluginResponse response, boolean countsAgainstHealth) {
        return complete(pending, response, countsAgainstHealth, () -> { });
    }

    /**
     * Answers the task unless it was answered already, running {@code counted} first if this call
     * answers; returns whether it did. The plugin's health is settled first: once a caller holds
     * the failure that quarantines a plugin, the quarantine is in force and its next task is refused.
     */
    boolean complete(PendingTask pending, PluginResponse response, boolean countsAgainstHealth, Runnable counted) {
        if (!pending.claim()) {
            return false;
        }
        counted.run();
        metrics.finished(response.success(), System.nanoTime() - pending.submittedNanos);
        String quarantine = null;
        List<PendingTask> refused = List.of();
        lock.lock();
        try {
            inFlight.unlink(pending);
            quarantine = health.answered(response, countsAgainstHealth, mode.closed());
            if (quarantine != null) {
                refused = mode.close(quarantine);
            }
        } finally {
            lock.unlock();
        }
        if (quarantine != null) {
            quarantined(quarantine, List.of());
        }
        pending.result.complete(response);
        refuse(refused, quarantine);
        return true;
    }

    /** Quarantines the plugin unless the queue is closed already (stopped, or quarantined before). */
    void quarantine(String reason) {
        List<PendingTask> refused;
        lock.lock();
        try {
            if (mode.closed()) {
                return;
            }
            refused = mode.close(reason);
        } finally {
            lock.unlock();
        }
        quarantined(reason, refused);
    }

    /** Tells of a quarantine the queue went into, stops what still runs and refuses what waited. */
    private void quarantined(String reason, List<PendingTask> refused) {
        LOG.warn(reason);
        onQuarantine.accept(reason);
        stopRunning.accept(reason);
        refuse(refused, reason);
    }

    /** Answers each of {@code refused} with {@code reason}: the queue is closed. */
    void refuse(List<PendingTask> refused, String reason) {
        for (PendingTask pending : refused) {
            complete(pending, PluginResponse.failure(reason, ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }
}
