package io.prsm.runtime.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The unanswered tasks of one {@link TaskQueue}, waiting or running, in submission order, linked
 * through {@link PendingTask#older}/{@link PendingTask#newer}. Every task of the runtime has the same
 * timeout, so submission order is deadline order and the watchdog only looks at the oldest ones.
 * Also remembers whether the watchdog knows the queue has tasks in flight.
 *
 * <p>Concurrent semantics: guarded by the queue's lock, which it shares; {@link #link} and
 * {@link #unlink} are called with it held, the other methods take it.
 */
final class InFlightTasks {

    /** What {@link #collectOverdue} returns when no task is in flight. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ReentrantLock lock;
    private PendingTask oldest;
    private PendingTask newest;
    /** Whether the watchdog knows this queue has tasks in flight. */
    private boolean watched;

    InFlightTasks(ReentrantLock lock) {
        this.lock = lock;
    }

    /** Appends a task; returns whether the watchdog must be asked to watch the queue. Called with the lock held. */
    boolean link(PendingTask pending) {
        pending.older = newest;
        if (newest == null) {
            oldest = pending;
        } else {
            newest.newer = pending;
        }
        newest = pending;
        if (watched) {
            return false;
        }
        watched = true;
        return true;
    }

    /** Removes an answered task. Called with the lock held. */
    void unlink(PendingTask pending) {
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

    /** The unanswered tasks, waiting or running, in submission order. */
    List<PendingTask> all() {
        List<PendingTask> inFlight = new ArrayList<>();
        lock.lock();
        try {
            for (PendingTask p = oldest; p != null; p = p.newer) {
                inFlight.add(p);
            }
        } finally {
            lock.unlock();
        }
        return inFlight;
    }

    /**
     * Adds the tasks whose deadline is at or before {@code now} to {@code overdue}, oldest first;
     * returns the next deadline, or {@link #NO_DEADLINE} when no task is in flight (the watchdog
     * then forgets the queue until its next task).
     */
    long collectOverdue(long now, List<PendingTask> overdue) {
        lock.lock();
        try {
            PendingTask p = oldest;
            while (p != null && p.deadlineNanos - now <= 0) {
                overdue.add(p);
                p = p.newer;
            }
            if (p != null) {
                return p.deadlineNanos;
            } else if (overdue.isEmpty()) {
                watched = false;
                return NO_DEADLINE;
            }
            return now;
        } finally {
            lock.unlock();
        }
    }
}
