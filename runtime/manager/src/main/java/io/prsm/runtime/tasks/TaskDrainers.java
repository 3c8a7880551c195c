package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.Plugin;
import io.prsm.api.PluginResponse;
import io.prsm.limits.Quote;

/**
 * The waiting tasks of one {@link TaskQueue} and the drainers that run them. A pooled thread that
 * takes a task is a <em>drainer</em>: it runs tasks of this plugin until none waits, then watches
 * for the spin time before it returns to the pool. Tasks therefore pass from caller to worker
 * without a thread wake-up while they keep coming, and at most {@code concurrency} drainers serve
 * one plugin. Tasks run only while the queue runs on an instance ({@link #runOn}).
 *
 * <p>Concurrent semantics: guarded by the queue's lock, which it shares; the methods not marked
 * otherwise are called with it held. Drainers read {@code waitingCount} without it while they watch.
 */
final class TaskDrainers {

    private final ReentrantLock lock;
    private final Condition idle;
    private final ExecutorService workers;
    private final int concurrency;
    private final long spinNanos;
    private final Consumer<PendingTask> attempt;
    private final ArrayDeque<PendingTask> waiting = new ArrayDeque<>();
    /** {@code waiting.size()}, for drainers watching the queue without the lock. */
    private volatile int waitingCount;
    /** The instance tasks run on, or null while the queue holds or is closed. */
    private Plugin target;
    /** Whether the CPU share guard paused the queue: tasks wait, none starts until resumed. */
    private boolean paused;
    /** Whether the low-memory guard holds the queue while its collection decides: as paused, apart from it. */
    private boolean held;
    /** Drainers of this queue, running a task or watching for one; at most {@code concurrency}. */
    private int drainers;
    /** Drainers watching for a task. */
    private int watching;
    /** Tasks running now. */
    private int running;
    /** First tasks of drainers to start once the lock is released ({@link #startDispatched}). */
    private final List<PendingTask> toStart = new ArrayList<>();
    /** {@code toStart.size()}, for callers checking without the lock. */
    private volatile int startCount;

    /** @param attempt runs one attempt of a task on the drainer's thread, and answers or retries it */
    TaskDrainers(ReentrantLock lock, ExecutorService workers, int concurrency, long spinNanos,
            Consumer<PendingTask> attempt) {
        this.lock = lock;
        this.idle = lock.newCondition();
        this.workers = workers;
        this.concurrency = concurrency;
        this.spinNanos = spinNanos;
        this.attempt = attempt;
    }

    /** Runs waiting and later tasks on {@code instance}, or none when it is null. */
    void runOn(Plugin instance) {
        target = instance;
        if (instance == null && workers instanceof PluginPool pool) {
            // no instance to run on: the plugin's threads go, and whatever its code left on them
            pool.retire();
        }
    }

    /** Starts no task while {@code pause} is true (tasks still wait and their deadlines run). Called with the lock held. */
    void pause(boolean pause) {
        paused = pause;
    }

    /** Starts no task while {@code hold} is true, whatever {@link #pause} says. Called with the lock held. */
    void hold(boolean hold) {
        held = hold;
    }

    int waiting() {
        return waiting.size();
    }

    int running() {
        return running;
    }

    /** Takes every waiting task out (the queue closes); returns them, to be refused once the lock is released. */
    List<PendingTask> takeAll() {
        List<PendingTask> all = new ArrayList<>(waiting);
        waiting.clear();
        waitingCount = 0;
        return all;
    }

    /** Takes a task out of the waiting ones, if it waits. */
    void remove(PendingTask pending) {
        if (waiting.remove(pending)) {
            waitingCount = waiting.size();
        }
    }

    /** Waits until no task runs, at most {@code timeout}; returns whether none runs. Takes the lock. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
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

    /** Adds a task to the waiting ones. Called with the lock held. */
    void add(PendingTask pending, boolean first) {
        if (first) {
            waiting.addFirst(pending);
        } else {
            waiting.add(pending);
        }
        waitingCount = waiting.size();
    }

    /**
     * Takes the waiting tasks no watching drainer will take, each the first task of a new drainer,
     * for {@link #startDispatched} to start once the lock is released. Called with the lock held.
     */
    void dispatch() {
        while (target != null && !paused && !held && drainers < concurrency && waiting.size() > watching) {
            PendingTask first = take();
            if (first == null) {
                return;
            }
            drainers++;
            toStart.add(first);
            startCount = toStart.size();
        }
    }

    /**
     * Starts the drainers {@link #dispatch} took tasks for. Called without the lock: starting one
     * may create a thread in the plugin's thread group, which the plugin's code can hold (its
     * monitor); then only this caller waits, never a holder of the queue's lock (a stop, a shutdown).
     */
    void startDispatched() {
        if (startCount == 0) {
            return;
        }
        List<PendingTask> starting;
        lock.lock();
        try {
            starting = new ArrayList<>(toStart);
            toStart.clear();
            startCount = 0;
        } finally {
            lock.unlock();
        }
        for (PendingTask first : starting) {
            try {
                workers.execute(() -> drain(first));
            } catch (RejectedExecutionException shuttingDown) {
                refuseAtShutdown(first);
            }
        }
    }

    private void refuseAtShutdown(PendingTask first) {
        lock.lock();
        try {
            drainers--;
            finishedOne();
        } finally {
            lock.unlock();
        }
        if (first.claim()) {
            first.result.complete(PluginResponse.failure("The runtime is shutting down; task '"
                    + Quote.prefix(first.task.type()) + "' was not run.", ErrorSeverity.MEDIUM, "PLUGIN_UNAVAILABLE"));
        }
    }

    /**
     * The next unanswered waiting task, bound to the current plugin instance and counted as
     * running, or null. Called with the lock held, while it runs on an instance only.
     */
    private PendingTask take() {
        if (target == null || paused || held) {
            return null;
        }
        PendingTask next;
        long now = System.nanoTime();
        while ((next = waiting.poll()) != null && (next.answered.get() || next.deadlineNanos - now <= 0)) {
            // answered by its deadline while it waited, or due: the watchdog answers it, it must not start
        }
        waitingCount = waiting.size();
        if (next != null) {
            next.target = target;
            next.slotReleased = false;
            running++;
        }
        return next;
    }

    /**
     * A drainer: runs {@code first}, then this plugin's further tasks, then watches, then leaves.
     * Its slot is given back however it leaves: a drainer that died holding it would leave its
     * plugin "running" a task for ever, and a stop waiting for it would wait its full time.
     */
    private void drain(PendingTask first) {
        PendingTask current = first;
        try {
            while (current != null) {
                attempt.accept(current);
                current = following(current);
            }
        } finally {
            if (current != null) {
                // something escaped the attempt (it answers whatever the plugin threw, so this is the
                // runtime's own failure); the task in flight is answered by its deadline
                takeSlotBack(current);
            }
        }
    }

    /**
     * Gives the slot of {@code pending}'s attempt back, unless its drainer did: the attempt ended
     * abnormally, or its thread did not stop ({@link StuckThreads}) and the plugin gets another.
     * Takes the lock.
     */
    void takeSlotBack(PendingTask pending) {
        lock.lock();
        try {
            if (!pending.slotReleased) {
                pending.slotReleased = true;
                finishedOne();
                drainers--;
                dispatch();
            }
        } finally {
            lock.unlock();
        }
        startDispatched();
    }

    /**
     * Ends {@code ended} and takes the next task, watching for one for up to the spin time; or
     * leaves if the queue took this drainer's slot back meanwhile (its thread had not stopped).
     */
    private PendingTask following(PendingTask ended) {
        lock.lock();
        try {
            if (ended.slotReleased) {
                return null;
            }
            ended.slotReleased = true;
            finishedOne();
            PendingTask next = take();
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
            PendingTask next = take();
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
}
