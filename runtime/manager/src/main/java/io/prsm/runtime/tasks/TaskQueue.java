package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.limits.JsonLimits;
import io.prsm.platform.AllocationBudgets;
import io.prsm.platform.CodeStops;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.metrics.ThreadResources;
import io.prsm.limits.Quote;
import io.prsm.limits.TaskSettings;

/**
 * The task queue of one plugin. Tasks run on the shared worker pool, at most
 * {@link TaskSettings#concurrency()} at a time; up to {@link TaskSettings#queueCapacity()} wait,
 * and one more is answered at once with {@code QUEUE_FULL}. Each task has a deadline from its
 * submission; a retryable failure is retried with exponential backoff within that deadline; after
 * {@link TaskSettings#quarantineAfter()} consecutive failures the queue closes and reports the
 * quarantine.
 *
 * <p>The queue is in one of three modes: <em>holding</em> (accepts tasks, runs none: the plugin
 * is starting), <em>open</em> (runs tasks on a plugin instance) or <em>closed</em> (answers every
 * task at once with the reason it is closed).
 *
 * <p>A pooled thread that takes a task from the queue is a <em>drainer</em>: it runs tasks of
 * this plugin until none waits, then watches the queue for {@link TaskSettings#spin()} before it
 * returns to the pool. Tasks therefore pass from caller to worker without a thread wake-up while
 * they keep coming, and at most {@code concurrency} drainers serve one plugin. Deadlines are not
 * timers per task: every task of the runtime has the same timeout, so the tasks in flight, kept in
 * submission order, are also in deadline order, and the shared {@link TaskDeadlines} watchdog
 * only looks at the oldest ones.
 *
 * <p>A task past its deadline, and the tasks still running when the plugin is quarantined or
 * {@link #stopRunning stopped}, are stopped: their thread is interrupted and its stop raised in
 * {@link CodeStops}, so the checks the gatekeeper wove into an untrusted plugin's code throw
 * {@link PluginCodeStopped} until the task has left the plugin, and the thread returns to the pool.
 *
 * <p>Concurrent semantics: thread-safe. One lock guards the queue; futures are completed outside
 * it (except when the worker pool refuses work at shutdown), so a caller's continuation never
 * runs while the lock is held. Each task is answered exactly once: attempt, deadline and closing
 * race for its {@code answered} flag.
 */
public final class TaskQueue {

    private static final Logger LOG = LoggerFactory.getLogger(TaskQueue.class);

    /** What {@link #expireOverdue} returns when no task is in flight. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private enum Mode { HOLDING, OPEN, CLOSED }

    private final String pluginId;
    private final TaskSettings settings;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final TaskDeadlines deadlines;
    private final TaskMetrics metrics;
    private final ThreadResources resources;
    private final Consumer<String> onQuarantine;
    private final Consumer<String> onRefusedAnswer;
    private final Consumer<String> onStop;
    /** Bytes one task may allocate (the plugin's declared memory), or 0 for no limit. */
    private final long memoryLimit;
    private final long spinNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** {@code waiting.size()}, for drainers watching the queue without the lock. */
    private volatile int waitingCount;
    private Mode mode = Mode.CLOSED;
    /** Whether the CPU share guard paused the queue: it takes tasks but starts none until resumed. */
    private boolean paused;
    private String closedReason;
    private Plugin plugin;
    /** Drainers of this queue, running a task or watching for one; at most {@code concurrency}. */
    private int drainers;
    /** Drainers watching for a task. */
    private int watching;
    /** Tasks running now. */
    private int running;
    private int consecutiveFailures;
    /** Unanswered tasks in submission order, linked through {@link Pending#older}/{@link Pending#newer}. */
    private Pending oldest;
    private Pending newest;
    /** Whether the watchdog knows this queue has tasks in flight. */
    private boolean watched;

    /**
     * @param onQuarantine told the reason when the plugin is quarantined; called without locks held
     * @param onRefusedAnswer told why an answer was refused (not JSON values), on the task's thread
     * @param onStop told which running task was stopped and why; called without the queue's lock
     * @param memoryLimit bytes one task may allocate (the plugin's declared memory), or 0 for no limit
     */
    public TaskQueue(String pluginId, TaskSettings settings, ExecutorService workers, ScheduledExecutorService timer,
            TaskDeadlines deadlines, TaskMetrics metrics, ThreadResources resources, Consumer<String> onQuarantine,
            Consumer<String> onRefusedAnswer, Consumer<String> onStop, long memoryLimit) {
        this.pluginId = pluginId;
        this.settings = settings;
        this.workers = workers;
        this.timer = timer;
        this.deadlines = deadlines;
        this.metrics = metrics;
        this.resources = resources;
        this.onQuarantine = onQuarantine;
        this.onRefusedAnswer = onRefusedAnswer;
        this.onStop = onStop;
        this.memoryLimit = memoryLimit;
        this.spinNanos = settings.spin().toNanos();
        this.closedReason = "Plugin '" + pluginId + "' is not started. Start it with prsm:start " + pluginId + ".";
    }

    /** Queues {@code task}; the future always completes with a response, never exceptionally. */
    public CompletableFuture<PluginResponse> submit(Task task) {
        Pending pending = new Pending(task, settings.timeout().toNanos(), spinNanos);
        PluginResponse refusal = null;
        boolean watch = false;
        lock.lock();
        try {
            if (mode == Mode.CLOSED) {
                refusal = PluginResponse.failure(closedReason, ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE");
            } else if (waiting.size() >= settings.queueCapacity()) {
                refusal = PluginResponse.failure("Plugin '" + pluginId + "' already has " + waiting.size()
                        + " tasks waiting and its queue is full. Retry later, or raise prsm.task.queue (now "
                        + settings.queueCapacity() + ").", ErrorSeverity.MEDIUM, "QUEUE_FULL");
            } else {
                metrics.submitted();
                link(pending);
                if (!watched) {
                    watched = true;
                    watch = true;
                }
                enqueue(pending, false);
                dispatch();
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            metrics.rejected();
            pending.result.complete(refusal);
        } else if (watch) {
            deadlines.watch(this);
        }
        return pending.result;
    }

    /** Runs queued and future tasks on {@code instance}; a restarted plugin starts healthy. */
    public void open(Plugin instance) {
        lock.lock();
        try {
            mode = Mode.OPEN;
            plugin = instance;
            consecutiveFailures = 0;
            paused = false;
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /** Accepts tasks without running them, until {@link #open} or {@link #close}. */
    public void hold() {
        lock.lock();
        try {
            mode = Mode.HOLDING;
            plugin = null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Answers every waiting task and every later one with {@code reason}. Running tasks finish on
     * the instance they started on; {@link #awaitIdle} waits for them.
     */
    public void close(String reason) {
        List<Pending> refused;
        lock.lock();
        try {
            refused = closeLocked(reason);
        } finally {
            lock.unlock();
        }
        refuse(refused, reason);
    }

    /** Closes the queue; returns the tasks that were waiting, to be refused once the lock is released. */
    private List<Pending> closeLocked(String reason) {
        mode = Mode.CLOSED;
        closedReason = reason;
        plugin = null;
        List<Pending> refused = new ArrayList<>(waiting);
        waiting.clear();
        waitingCount = 0;
        return refused;
    }

    private void refuse(List<Pending> refused, String reason) {
        for (Pending pending : refused) {
            complete(pending, PluginResponse.failure(reason, ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }

    /** Waits until no task runs, at most {@code timeout}; returns whether none runs. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the tasks running now (the plugin is stopped, uninstalled or quarantined and they did
     * not finish in time): each is interrupted, and its code, when the gatekeeper wove it, throws
     * at its next check; each is answered with {@code reason}.
     */
    public void stopRunning(String reason) {
        for (Pending pending : inFlight()) {
            if (pending.stop(reason, false)) {
                onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + reason);
            }
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
        for (Pending pending : inFlight()) {
            String over = pending.stopIfAllocatedOver(memoryLimit, resources, pluginId);
            if (over != null) {
                onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + over);
                complete(pending, PluginResponse.failure(over, ErrorSeverity.HIGH, "MEMORY_LIMIT"), true);
            }
        }
    }

    /** The unanswered tasks, waiting or running, in submission order. */
    private List<Pending> inFlight() {
        List<Pending> inFlight = new ArrayList<>();
        lock.lock();
        try {
            for (Pending p = oldest; p != null; p = p.newer) {
                inFlight.add(p);
            }
        } finally {
            lock.unlock();
        }
        return inFlight;
    }

    /** The plugin's task metrics now. */
    public PluginMetrics metrics() {
        lock.lock();
        try {
            return metrics.snapshot(waiting.size(), running, consecutiveFailures);
        } finally {
            lock.unlock();
        }
    }

    /** The metrics this queue records into. */
    public TaskMetrics recorder() {
        return metrics;
    }

    /**
     * Answers the tasks whose deadline is at or before {@code now} with {@code TIMEOUT} and
     * interrupts their attempts; returns the next deadline, or {@link #NO_DEADLINE} when no task
     * is in flight (the watchdog then forgets the queue until its next task).
     */
    long expireOverdue(long now) {
        List<Pending> overdue = null;
        long next;
        lock.lock();
        try {
            Pending p = oldest;
            while (p != null && p.deadlineNanos - now <= 0) {
                if (overdue == null) {
                    overdue = new ArrayList<>();
                }
                overdue.add(p);
                p = p.newer;
            }
            if (p != null) {
                next = p.deadlineNanos;
            } else if (overdue == null) {
                watched = false;
                next = NO_DEADLINE;
            } else {
                next = now;
            }
        } finally {
            lock.unlock();
        }
        if (overdue != null) {
            overdue.forEach(this::expire);
        }
        return next;
    }

    /** Adds a task to the waiting ones. Called with the lock held. */
    private void enqueue(Pending pending, boolean first) {
        if (first) {
            waiting.addFirst(pending);
        } else {
            waiting.add(pending);
        }
        waitingCount = waiting.size();
    }

    /**
     * Pauses the queue (the plugin is over its CPU share): running tasks finish, waiting and new
     * ones wait (their deadlines run) until {@link #resume}, or until the plugin's next instance
     * opens the queue (a restarted plugin starts unthrottled). A paused queue that closes still refuses.
     */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a {@link #pause}: waiting tasks start again. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /** Starts drainers for the waiting tasks no watching drainer will take. Called with the lock held. */
    private void dispatch() {
        while (mode == Mode.OPEN && !paused && drainers < settings.concurrency() && waiting.size() > watching) {
            Pending first = take();
            if (first == null) {
                return;
            }
            drainers++;
            try {
                workers.execute(() -> drain(first));
            } catch (RejectedExecutionException shuttingDown) {
                drainers--;
                finishedOne();
                if (claim(first)) {
                    first.result.complete(PluginResponse.failure("The runtime is shutting down; task '"
                            + Quote.prefix(first.task.type()) + "' was not run.", ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"));
                }
            }
        }
    }

    /** Whether the caller is the one to answer {@code pending}. */
    private static boolean claim(Pending pending) {
        return pending.answered.compareAndSet(false, true);
    }

    /**
     * The next unanswered waiting task, bound to the current plugin instance and counted as
     * running, or null. Called with the lock held, in open mode only.
     */
    private Pending take() {
        if (mode != Mode.OPEN || paused) {
            return null;
        }
        Pending next;
        long now = System.nanoTime();
        while ((next = waiting.poll()) != null && (next.answered.get() || next.deadlineNanos - now <= 0)) {
            // answered by its deadline while it waited, or due: the watchdog answers it, it must not start
        }
        waitingCount = waiting.size();
        if (next != null) {
            next.target = plugin;
            running++;
        }
        return next;
    }

    /** A drainer: runs {@code first}, then this plugin's further tasks, then watches, then leaves. */
    private void drain(Pending first) {
        Pending next = first;
        while (next != null) {
            attempt(next);
            next = following();
        }
    }

    /** Ends the current task and takes the next, watching for one for up to the spin time. */
    private Pending following() {
        lock.lock();
        try {
            finishedOne();
            Pending next = take();
            if (next != null || spinNanos == 0) {
                if (next == null) {
                    drainers--;
                }
                return next;
            }
            watching++;
        } finally {
            lock.unlock();
        }
        long until = System.nanoTime() + spinNanos;
        while (waitingCount == 0 && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        lock.lock();
        try {
            watching--;
            Pending next = take();
            if (next == null) {
                drainers--;
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** A task ended on this drainer. Called with the lock held. */
    private void finishedOne() {
        running--;
        if (running == 0) {
            idle.signalAll();
        }
    }

    private void attempt(Pending pending) {
        Plugin target = pending.target;
        long cpuBefore = resources.cpuNanos();
        long allocatedBefore = resources.allocatedBytes();
        pending.runOn(Thread.currentThread(), allocatedBefore);
        if (memoryLimit > 0 && allocatedBefore >= 0) {
            // the woven allocation checks stop the task before a large array takes it past its limit
            AllocationBudgets.set(Thread.currentThread(), new AllocationBudgets.Budget(memoryLimit, allocatedBefore,
                    resources::allocatedBytes, wouldUse -> memoryLimitReason(pending, wouldUse)));
        }
        String overBudget = null;
        PluginResponse response;
        boolean countsAgainstHealth;
        boolean callersMistake = false;
        boolean retry = false;
        try {
            response = target.execute(pending.task);
            if (response == null) {
                response = PluginResponse.failure("Plugin '" + pluginId + "' returned no response to task '"
                        + Quote.prefix(pending.task.type()) + "'.", ErrorSeverity.HIGH, "NO_RESPONSE");
                countsAgainstHealth = true;
            } else if (response.success() && response.data() != null) {
                response = plainAnswer(target, response);
                countsAgainstHealth = !response.success();
            } else {
                countsAgainstHealth = !response.success() && (response.errorSeverity() == ErrorSeverity.HIGH
                        || response.errorSeverity() == ErrorSeverity.CRITICAL);
            }
        } catch (InvalidTaskException invalid) {
            response = PluginResponse.failure(invalid);
            countsAgainstHealth = false;
            callersMistake = true;
        } catch (PluginCodeStopped stopped) {
            // stopped by its deadline (answered already) or by its plugin stopping: not the plugin's failure;
            // thrown by the plugin itself without a stop, it is a crash like any other
            countsAgainstHealth = !CodeStops.raised();
            response = countsAgainstHealth ? crashed(pending, stopped)
                    : PluginResponse.failure(stopped.getMessage(), ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE");
        } catch (PluginException failure) {
            response = PluginResponse.failure(failure);
            countsAgainstHealth = true;
            retry = failure.isRetryable() && pending.retries < settings.maxRetries();
        } catch (RuntimeException | Error crash) {
            response = crashed(pending, crash);
            countsAgainstHealth = true;
        } finally {
            overBudget = AllocationBudgets.clear(Thread.currentThread());
            if (overBudget != null) {
                CodeStops.lower(Thread.currentThread());
            }
            pending.ranOn();
            // A timeout interrupts the attempt; the pooled thread must not carry that into its next task.
            Thread.interrupted();
            metrics.used(delta(cpuBefore, resources.cpuNanos()), delta(allocatedBefore, resources.allocatedBytes()));
        }
        if (pending.stoppedByWatchdog()) {
            return; // however it ended, the watchdog stopped it and answers it (TIMEOUT or MEMORY_LIMIT)
        }
        if (overBudget != null) {
            onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + overBudget);
            complete(pending, PluginResponse.failure(overBudget, ErrorSeverity.HIGH, "MEMORY_LIMIT"), true);
            return;
        }
        if (retry && !pending.answered.get()) {
            scheduleRetry(pending);
        } else if (callersMistake) {
            completeInvalid(pending, response);
        } else {
            complete(pending, response, countsAgainstHealth);
        }
    }

    /**
     * The answer as plain JSON values, made here on the task's thread, under its deadline and as the
     * plugin's act ({@link AnswerValues}); an answer that is not JSON is the plugin's failure.
     */
    private PluginResponse plainAnswer(Plugin target, PluginResponse response) {
        try {
            return PluginResponse.success(AnswerValues.plain(response.data(), target, JsonLimits.DEFAULTS));
        } catch (IllegalArgumentException notJson) {
            String reason = "answered with data the runtime cannot send: " + notJson.getMessage();
            onRefusedAnswer.accept(reason);
            return PluginResponse.failure("Plugin '" + pluginId + "' " + reason + ".", ErrorSeverity.HIGH,
                    "INVALID_ANSWER");
        }
    }

    private PluginResponse crashed(Pending pending, Throwable crash) {
        LOG.warn("Plugin '{}' threw while executing task '{}'", pluginId, Quote.prefix(pending.task.type()), crash);
        return PluginResponse.failure("Plugin '" + pluginId + "' failed on task '" + Quote.prefix(pending.task.type())
                + "': " + Quote.prefix(String.valueOf(crash), 300), ErrorSeverity.HIGH, "PLUGIN_ERROR");
    }

    private void scheduleRetry(Pending pending) {
        pending.retries++;
        metrics.retried();
        long delay = settings.backoffBefore(pending.retries).toNanos();
        try {
            timer.schedule(() -> requeue(pending), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            complete(pending, PluginResponse.failure("The runtime is shutting down; task '"
                    + Quote.prefix(pending.task.type()) + "' was not retried.", ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }

    private void requeue(Pending pending) {
        String refusal = null;
        lock.lock();
        try {
            if (pending.answered.get()) {
                return;
            }
            if (mode == Mode.CLOSED) {
                refusal = closedReason;
            } else {
                enqueue(pending, true);
                dispatch();
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            complete(pending, PluginResponse.failure(refusal, ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"), false);
        }
    }

    private void expire(Pending pending) {
        lock.lock();
        try {
            if (waiting.remove(pending)) {
                waitingCount = waiting.size();
            }
        } finally {
            lock.unlock();
        }
        PluginResponse timeout = PluginResponse.failure("Task '" + Quote.prefix(pending.task.type()) + "' of plugin '"
                + pluginId + "' did not finish within " + describe(settings.timeout()) + ". Check the plugin, or raise "
                + "prsm.task.timeout.", ErrorSeverity.HIGH, "TIMEOUT");
        // stopped, and the stop audited, before it is answered: whoever gets the answer finds both done
        if (!pending.answered.get() && pending.stop(timeout.error(), true)) {
            onStop.accept("task '" + Quote.prefix(pending.task.type()) + "' stopped: " + timeout.error());
        }
        complete(pending, timeout, true, metrics::timedOut);
    }

    /**
     * Answers the task unless it was answered already; returns whether this call answered it. The
     * plugin's health is settled first: once a caller holds the failure that quarantines a plugin,
     * the quarantine is in force and its next task is refused.
     */
    /** Answers a task the plugin refused as the caller's mistake: no failure of the plugin's, see docs/failures.md. */
    private void completeInvalid(Pending pending, PluginResponse response) {
        if (!claim(pending)) {
            return;
        }
        metrics.invalid(System.nanoTime() - pending.submittedNanos);
        lock.lock();
        try {
            unlink(pending);
        } finally {
            lock.unlock();
        }
        pending.result.complete(response);
    }

    private boolean complete(Pending pending, PluginResponse response, boolean countsAgainstHealth) {
        return complete(pending, response, countsAgainstHealth, () -> { });
    }

    /** {@link #complete(Pending, PluginResponse, boolean)}, running {@code counted} first if this call answers. */
    private boolean complete(Pending pending, PluginResponse response, boolean countsAgainstHealth, Runnable counted) {
        if (!claim(pending)) {
            return false;
        }
        counted.run();
        metrics.finished(response.success(), System.nanoTime() - pending.submittedNanos);
        String quarantine = null;
        List<Pending> refused = List.of();
        lock.lock();
        try {
            unlink(pending);
            if (response.success()) {
                consecutiveFailures = 0;
            } else if (countsAgainstHealth) {
                consecutiveFailures++;
                if (consecutiveFailures >= settings.quarantineAfter() && mode != Mode.CLOSED) {
                    quarantine = "Plugin '" + pluginId + "' is quarantined after " + consecutiveFailures
                            + " consecutive failures (last: " + response.error() + "). Fix the cause, then "
                            + "restart it with prsm:start " + pluginId + ".";
                    refused = closeLocked(quarantine);
                }
            }
        } finally {
            lock.unlock();
        }
        if (quarantine != null) {
            LOG.warn(quarantine);
            onQuarantine.accept(quarantine);
            stopRunning(quarantine);
        }
        pending.result.complete(response);
        refuse(refused, quarantine);
        return true;
    }

    /** Appends a task to the ones in flight. Called with the lock held. */
    private void link(Pending pending) {
        pending.older = newest;
        if (newest == null) {
            oldest = pending;
        } else {
            newest.newer = pending;
        }
        newest = pending;
    }

    /** Removes an answered task from the ones in flight. Called with the lock held. */
    private void unlink(Pending pending) {
        if (pending.older == null) {
            oldest = pending.newer;
        } else {
            pending.older.newer = pending.newer;
        }
        if (pending.newer == null) {
            newest = pending.older;
        } else {
            pending.newer.older = pending.older;
        }
        pending.older = null;
        pending.newer = null;
    }

    /** Why the woven allocation check stopped a task before an array that would take it to {@code wouldUse} bytes. */
    private String memoryLimitReason(Pending pending, long wouldUse) {
        return memoryLimitReason(pending.task, pluginId, "was about to allocate", wouldUse, memoryLimit);
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

    private static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** A task between submission and response. */
    private static final class Pending {
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
        Pending older;
        Pending newer;
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

        Pending(Task task, long timeoutNanos, long spinNanos) {
            this.task = task;
            this.result = new TaskAnswer<>(spinNanos);
            this.deadlineNanos = submittedNanos + timeoutNanos;
        }

        synchronized void runOn(Thread thread, long allocated) {
            runner = thread;
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
            runner.interrupt();
            return reason;
        }


        synchronized boolean stoppedByWatchdog() {
            return byWatchdog;
        }

        /** After this, an expiring deadline no longer stops the thread that ran the attempt. */
        synchronized void ranOn() {
            if (stopped) {
                CodeStops.lower(runner);
                stopped = false;
            }
            runner = null;
        }

        /** Stops the attempt running now, if any; returns whether one was stopped by this call. */
        synchronized boolean stop(String reason, boolean deadline) {
            if (runner == null || stopped) {
                return false;
            }
            stopped = true;
            byWatchdog = deadline;
            CodeStops.raise(runner, reason);
            runner.interrupt();
            return true;
        }
    }
}
