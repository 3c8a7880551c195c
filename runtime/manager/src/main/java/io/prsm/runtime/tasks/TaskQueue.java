package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.Plugin;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.metrics.ThreadResources;
import io.prsm.runtime.plugins.lifecycle.TaskGate;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.TaskSettings;

/**
 * The task queue of one plugin. Tasks run on the shared worker pool, at most
 * {@link TaskSettings#concurrency()} at a time; up to {@link TaskSettings#queueCapacity()} wait,
 * and one more is answered at once with {@code QUEUE_FULL}. Each task has a deadline from its
 * submission; a retryable failure is retried with exponential backoff within that deadline; after
 * {@link TaskSettings#quarantineAfter()} consecutive failures the queue closes and reports the
 * quarantine.
 *
 * <p>The queue is in one of three modes ({@link QueueMode}): <em>holding</em> (accepts tasks,
 * runs none: the plugin is starting), <em>open</em> (runs tasks on a plugin instance, unless
 * paused: the plugin is throttled) or <em>closed</em> (answers every task at once with the reason
 * it is closed). The plugin's lifecycle sets it, through {@link TaskGate}.
 *
 * <p>Its parts: {@link TaskDrainers} keeps the waiting tasks and runs them on pooled threads
 * (drainers, spinning {@link TaskSettings#spin()} for the next task before they leave),
 * {@link TaskAttempt} runs one attempt and says how it ended, {@link TaskAnswers} retries or
 * answers it and settles the plugin's health, {@link TaskRetries}
 * schedules retries, {@link TaskHealth} counts failures up to the quarantine, {@link InFlightTasks}
 * keeps the unanswered tasks in deadline order and {@link TaskStops} stops tasks (deadline,
 * memory, a stopped or quarantined plugin) for the shared {@link TaskDeadlines} watchdog.
 *
 * <p>Concurrent semantics: thread-safe. One lock guards the queue; futures are completed and
 * drainer threads started outside it, so neither a caller's continuation nor the creation of a
 * thread in the plugin's thread group runs while the lock is held. Each task is answered exactly
 * once: attempt, deadline and closing race for its {@code answered} flag.
 */
public final class TaskQueue implements TaskGate {

    private final String pluginId;
    private final TaskSettings settings;
    private final TaskDeadlines deadlines;
    private final TaskMetrics metrics;
    private final long spinNanos;
    private final TaskStops stops;
    private final TaskAnswers answers;
    private final Interrupters interrupters;
    private final PluginCalls calls;

    private final ReentrantLock lock = new ReentrantLock();
    private final QueueMode mode;
    private final TaskDrainers drainers;
    private final TaskHealth health;
    private final InFlightTasks inFlight = new InFlightTasks(lock);

    /**
     * @param onQuarantine told the reason when the plugin is quarantined; called without locks held
     * @param onRefusedAnswer told why an answer was refused (not JSON values), on the task's thread
     * @param onStop told which running task was stopped and why; called without the queue's lock
     * @param memoryLimit bytes one task may allocate (the plugin's declared memory), or 0 for no limit
     * @param answerLimits what an answer is held to ({@code prsm.json.*})
     */
    public TaskQueue(String pluginId, TaskSettings settings, ExecutorService workers, ScheduledExecutorService timer,
            TaskDeadlines deadlines, TaskMetrics metrics, ThreadResources resources, Consumer<String> onQuarantine,
            Consumer<String> onRefusedAnswer, Consumer<String> onStop, long memoryLimit, JsonLimits answerLimits) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.deadlines = deadlines;
        this.metrics = metrics;
        this.spinNanos = settings.spin().toNanos();
        this.interrupters = new Interrupters(pluginId);
        this.calls = new PluginCalls(pluginId, workers, timer, interrupters, onStop);
        this.drainers = new TaskDrainers(lock, workers, settings.concurrency(), spinNanos, this::attempt);
        this.mode = new QueueMode(drainers, "Plugin '" + pluginId + "' is not started. Start it with prsm:start "
                + pluginId + ".");
        this.health = new TaskHealth(pluginId, settings.quarantineAfter());
        TaskAttempt attempts = new TaskAttempt(pluginId, settings, metrics, resources, onRefusedAnswer, onStop,
                memoryLimit, answerLimits);
        this.answers = new TaskAnswers(lock, mode, inFlight, health, metrics, attempts,
                new TaskRetries(settings, timer, metrics), onQuarantine, this::stopRunning, this::requeue);
        StuckThreads stuck = new StuckThreads(pluginId, timer, resources, onStop, drainers::takeSlotBack,
                answers::quarantine);
        this.stops = new TaskStops(pluginId, settings, metrics, resources, onStop, memoryLimit, inFlight,
                answers::complete, this::forgetWaiting, stuck);
    }

    /** Queues {@code task}; the future always completes with a response, never exceptionally. */
    public CompletableFuture<PluginResponse> submit(Task task) {
        PendingTask pending = new PendingTask(task, settings.timeout().toNanos(), spinNanos, interrupters);
        PluginResponse refusal = null;
        boolean watch = false;
        lock.lock();
        try {
            if (mode.closed()) {
                refusal = PluginResponse.failure(mode.closedReason(), ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE");
            } else if (drainers.waiting() >= settings.queueCapacity()) {
                refusal = PluginResponse.failure("Plugin '" + pluginId + "' already has " + drainers.waiting()
                        + " tasks waiting and its queue is full. Retry later, or raise prsm.task.queue (now "
                        + settings.queueCapacity() + ").", ErrorSeverity.MEDIUM, "QUEUE_FULL");
            } else {
                metrics.submitted();
                watch = inFlight.link(pending);
                drainers.add(pending, false);
                drainers.dispatch();
            }
        } finally {
            lock.unlock();
        }
        drainers.startDispatched();
        if (refusal != null) {
            metrics.rejected();
            pending.result.complete(refusal);
        } else if (watch) {
            deadlines.watch(stops);
        }
        return pending.result;
    }

    /** Runs queued and future tasks on {@code instance}; a restarted plugin starts healthy. */
    @Override
    public void open(Plugin instance) {
        lock.lock();
        try {
            mode.open(instance);
            health.reset();
            drainers.dispatch();
        } finally {
            lock.unlock();
        }
        drainers.startDispatched();
    }

    /** Accepts tasks without running them, until {@link #open} or {@link #close}. */
    @Override
    public void hold() {
        lock.lock();
        try {
            mode.hold();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Answers every waiting task and every later one with {@code reason}. Running tasks finish on
     * the instance they started on; {@link #awaitIdle} waits for them.
     */
    @Override
    public void close(String reason) {
        List<PendingTask> refused;
        lock.lock();
        try {
            refused = mode.close(reason);
        } finally {
            lock.unlock();
        }
        answers.refuse(refused, reason);
    }

    /** Waits until no task runs, at most {@code timeout}; returns whether none runs. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return drainers.awaitIdle(timeout);
    }

    /**
     * Stops the tasks running now (the plugin is stopped, uninstalled or quarantined and they did
     * not finish in time); see {@link TaskStops#stopRunning}.
     */
    @Override
    public void stopRunning(String reason) {
        stops.stopRunning(reason);
    }

    /**
     * Pauses the queue (the plugin's lifecycle throttles it): running tasks finish, waiting and new
     * ones wait (their deadlines run) until {@link #resume}, or until the plugin's next instance
     * opens the queue (a restarted plugin starts unthrottled). A paused queue that closes still refuses.
     */
    @Override
    public void pause() {
        lock.lock();
        try {
            drainers.pause(true);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a {@link #pause}: waiting tasks start again. */
    @Override
    public void resume() {
        lock.lock();
        try {
            drainers.pause(false);
            drainers.dispatch();
        } finally {
            lock.unlock();
        }
        drainers.startDispatched();
    }

    /**
     * Holds the queue while the low-memory guard's collection decides whether the plugin is
     * quarantined (held), or lets waiting tasks start again unless the queue is paused, holding or
     * closed: as {@link #pause}, apart from it (a throttled plugin stays throttled).
     */
    @Override
    public void memoryCheck(boolean held) {
        lock.lock();
        try {
            drainers.hold(held);
            if (!held) {
                drainers.dispatch();
            }
        } finally {
            lock.unlock();
        }
        if (!held) {
            drainers.startDispatched();
        }
    }

    /**
     * Runs {@code body}, plugin code outside a task ({@code initialize}, {@code shutdown}), on one
     * of the plugin's own task threads, stopped as a task is if it has not returned within
     * {@code deadline}; see {@link PluginCalls#call}.
     *
     * @throws RejectedExecutionException when the runtime is shutting down
     */
    public PluginCall call(String what, Runnable body, Duration deadline, String overdue) {
        return calls.call(what, body, deadline, overdue);
    }

    /** The plugin's threads that were stopped but did not stop and still run, each with what it runs. */
    public List<String> lostThreads() {
        return stops.lostThreads();
    }

    /** The plugin's task metrics now. */
    public PluginMetrics metrics() {
        lock.lock();
        try {
            return metrics.snapshot(drainers.waiting(), drainers.running(), health.consecutiveFailures());
        } finally {
            lock.unlock();
        }
    }

    /** The metrics this queue records into. */
    public TaskMetrics recorder() {
        return metrics;
    }

    private void requeue(PendingTask pending) {
        String refusal = null;
        lock.lock();
        try {
            if (pending.answered.get()) {
                return;
            }
            if (mode.closed()) {
                refusal = mode.closedReason();
            } else {
                drainers.add(pending, true);
                drainers.dispatch();
            }
        } finally {
            lock.unlock();
        }
        drainers.startDispatched();
        if (refusal != null) {
            answers.complete(pending, PluginResponse.failure(refusal, ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }

    /** Takes a task out of the waiting ones (its deadline passed before it started). */
    private void forgetWaiting(PendingTask pending) {
        lock.lock();
        try {
            drainers.remove(pending);
        } finally {
            lock.unlock();
        }
    }

    /** Runs one attempt of {@code pending} on this drainer, then retries, or answers it. */
    private void attempt(PendingTask pending) {
        answers.attempt(pending);
    }
}
