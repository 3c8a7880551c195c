package io.prsm.runtime.tasks;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.prsm.limits.TaskSettings;
import io.prsm.runtime.metrics.TaskMetrics;

/**
 * Retries of one plugin's retryable failures: each after exponential backoff
 * ({@code prsm.task.backoff}), at most {@code prsm.task.retries} times, within the task's own
 * deadline (which still answers it if the retries take too long).
 *
 * <p>Concurrent semantics: thread-safe; a task is retried by one attempt at a time.
 */
final class TaskRetries {

    private final TaskSettings settings;
    private final ScheduledExecutorService timer;
    private final TaskMetrics metrics;

    TaskRetries(TaskSettings settings, ScheduledExecutorService timer, TaskMetrics metrics) {
        this.settings = settings;
        this.timer = timer;
        this.metrics = metrics;
    }

    /** Whether a retryable failure of {@code pending} may be retried once more. */
    boolean allowed(PendingTask pending) {
        return pending.retries < settings.maxRetries();
    }

    /**
     * Hands {@code pending} to {@code requeue} after its backoff; false when the runtime is shutting
     * down and it will not be retried.
     */
    boolean schedule(PendingTask pending, Consumer<PendingTask> requeue) {
        pending.retries++;
        metrics.retried();
        long delay = settings.backoffBefore(pending.retries).toNanos();
        try {
            timer.schedule(() -> requeue.accept(pending), delay, TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }
}
