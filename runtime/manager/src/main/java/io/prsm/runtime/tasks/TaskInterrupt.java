package io.prsm.runtime.tasks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.prsm.platform.CodeStops;

/**
 * The interrupt of one stopped attempt, delivered from a thread of its own. Interrupting a thread
 * runs code of whoever made it block: a plugin's {@code AbstractInterruptibleChannel} runs its
 * {@code implCloseChannel} on the interrupting thread. So the platform never interrupts a plugin's
 * thread from a thread it needs (the deadline watchdog, a stop): a throw-away thread does, with
 * the plugin's stop raised on it so that woven code on it stops too. If it does not end, the
 * queue finds it among the threads that did not stop ({@link #thread()}).
 *
 * <p>The attempt may end before the interrupt is delivered; it must not carry the interrupt into
 * the next task, so it and the interrupter race for the interrupt once ({@link #settle}).
 *
 * <p>Concurrent semantics: thread-safe; {@link #settle} on the interrupted thread only.
 */
final class TaskInterrupt {

    private static final int WAITING = 0;
    private static final int DELIVERING = 1;
    private static final int CANCELLED = 2;
    private static final int DELIVERED = 3;

    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Thread runner;
    private final Thread interrupter;

    private TaskInterrupt(Thread runner, String reason) {
        this.runner = runner;
        interrupter = new Thread(() -> deliver(runner, reason), "prsm-interrupt " + runner.getName());
        interrupter.setDaemon(true);
        // a new thread inherits its creator's context class loader; this one must keep no plugin's alive
        interrupter.setContextClassLoader(TaskInterrupt.class.getClassLoader());
    }

    /** Starts interrupting {@code runner}, stopped for {@code reason}. */
    static TaskInterrupt start(Thread runner, String reason) {
        TaskInterrupt interrupt = new TaskInterrupt(runner, reason);
        interrupt.interrupter.start();
        return interrupt;
    }

    /** The interrupted thread. */
    Thread runner() {
        return runner;
    }

    /** The interrupting thread. */
    Thread thread() {
        return interrupter;
    }

    private void deliver(Thread runner, String reason) {
        Thread self = Thread.currentThread();
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
