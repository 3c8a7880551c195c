package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.prsm.platform.CodeStops;

/**
 * One call into a plugin's lifecycle code ({@code initialize}, {@code shutdown}) on one of the
 * plugin's own task threads. A stop (its deadline, or the plugin stopped meanwhile) is a task's
 * stop: the plugin's stop is raised on the thread, so woven code throws at its next check, and the
 * thread is interrupted by the plugin's {@link Interrupters}. A call stopped before it began never
 * runs.
 *
 * <p>Concurrent semantics: thread-safe; the monitor guards the thread, the stop and the end.
 */
public final class PluginCall {

    private final Interrupters interrupters;
    private final String what;
    private final Consumer<String> onStop;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The thread running the call now, or null; guarded by this. */
    private Thread thread;
    /** Why it was stopped, or null; guarded by this. */
    private String stopped;
    /** Whether the call returned (or will never run); guarded by this. */
    private boolean done;
    private TaskInterrupt interrupt;
    /** Its deadline's stop, cancelled when it ends in time; guarded by this. */
    private ScheduledFuture<?> deadline;

    /**
     * @param what what the call runs ({@code initialize}), for the audit
     * @param onStop told of the stop (audited) before it takes effect, so whoever sees the call end finds it
     */
    PluginCall(Interrupters interrupters, String what, Consumer<String> onStop) {
        this.interrupters = interrupters;
        this.what = what;
        this.onStop = onStop;
    }

    /** Runs {@code body} on this thread, unless stopped already. */
    void run(Runnable body) {
        synchronized (this) {
            if (stopped != null) {
                end();
                return;
            }
            thread = Thread.currentThread();
        }
        try {
            body.run();
        } finally {
            TaskInterrupt delivered;
            synchronized (this) {
                if (stopped != null) {
                    CodeStops.lower(thread);
                }
                thread = null;
                delivered = interrupt;
            }
            // outside the monitor: the plugin's close code can hold the interrupt up
            if (delivered != null) {
                delivered.settle();
            }
            end();
        }
    }

    synchronized void stopAt(ScheduledFuture<?> stop) {
        if (done) {
            stop.cancel(false);
        } else {
            deadline = stop;
        }
    }

    private synchronized void end() {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        ended.countDown();
    }

    /**
     * Stops the call for {@code reason} (audited) unless it returned or was stopped already;
     * returns whether this call stopped it.
     */
    public synchronized boolean stop(String reason) {
        if (done || stopped != null) {
            return false;
        }
        stopped = reason;
        onStop.accept(what + " stopped: " + reason);
        if (thread != null) {
            CodeStops.raise(thread, reason);
            interrupt = interrupters.interrupt(thread, reason);
        }
        return true;
    }

    /** Why the call was stopped, or null if it was not. */
    public synchronized String stopped() {
        return stopped;
    }

    /** Waits at most {@code timeout} for the call to return; returns whether it did. */
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
