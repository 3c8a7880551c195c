package io.prsm.runtime.tasks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.prsm.platform.CodeStops;

/**
 * The interrupt of one stopped attempt, delivered from a thread of the platform's
 * ({@link Interrupters}: one at a time per plugin). Interrupting a thread runs code of whoever
 * made it block: a plugin's {@code AbstractInterruptibleChannel} runs its {@code implCloseChannel}
 * on the interrupting thread. So the platform never interrupts a plugin's thread from a thread it
 * needs (the deadline watchdog, a stop): the interrupter does, with the plugin's stop raised on it
 * so that woven code on it stops too. If it does not end, the queue finds it among the threads
 * that did not stop ({@link #thread()} while {@link #delivering()}).
 *
 * <p>The attempt may end before the interrupt is delivered; it must not carry the interrupt into
 * the next task, so it and the interrupter race for the interrupt once ({@link #settle}).
 *
 * <p>Concurrent semantics: thread-safe; {@link #settle} on the interrupted thread only,
 * {@link #deliver} on the interrupter only.
 */
final class TaskInterrupt {

    private static final int WAITING = 0;
    private static final int DELIVERING = 1;
    private static final int CANCELLED = 2;
    private static final int DELIVERED = 3;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Thread runner;
    private final String reason;
    /** The thread that delivers this interrupt, once it began; null before. */
    private volatile Thread interrupter;

    TaskInterrupt(Thread runner, String reason) {
        this.runner = runner;
        this.reason = reason;
    }

    /** The interrupted thread. */
    Thread runner() {
        return runner;
    }

    /** The interrupting thread, once it began delivering this interrupt; null before. */
    Thread thread() {
        return interrupter;
    }

    /** Whether the interrupter is in this interrupt now (in the plugin's close code, if it blocks there). */
    boolean delivering() {
        return state.get() == DELIVERING;
    }

    /** Delivers the interrupt, unless the attempt settled first. On the interrupter's thread. */
    void deliver() {
        Thread self = Thread.currentThread();
        interrupter = self;
        // the name says whom it interrupts: a thread dump or prsm:info shows where a plugin's close code holds it
        self.setName("prsm-interrupt " + runner.getName());
        CodeStops.raise(self, reason);
        try {
            if (state.compareAndSet(WAITING, DELIVERING)) {
                try {
                    runner.interrupt();
                } finally {
                    // lowered before the runner may go on: once it settles, no stop of this task is left raised
                    CodeStops.lower(self);
                    state.set(DELIVERED);
                    LockSupport.unpark(runner);
                }
            }
        } catch (Throwable thrownByTheBlocker) {
            // the plugin's close code threw on this thread; the interrupt flag was set before it ran
        } finally {
            CodeStops.lower(self);
            // whatever the plugin's close code did to this thread, the next interrupt starts clean
            Thread.interrupted();
        }
    }
    /**
     * Called by the interrupted thread when its attempt ended: the interrupt either never comes
     * or has been delivered, and the thread's interrupt flag is clear afterwards either way. (A
     * plugin whose close code never returns keeps its thread here: it did not stop, and the queue
     * records it as such.)
     */
    void settle() {
        if (!state.compareAndSet(WAITING, CANCELLED)) {
            while (state.get() != DELIVERED) {
                LockSupport.park(this);
            }
        }
        Thread.interrupted();
    }
}
