package io.prsm.runtime.tasks;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The interrupts of one plugin's stopped code, delivered by at most one thread at a time. The
 * thread is the platform's (it takes nothing of the plugin's thread limit), so it must not be a
 * way for a plugin to make the platform start threads without bound: a plugin whose close code
 * blocks the interrupter (see {@link TaskInterrupt}) holds up only its own later interrupts, and
 * its stopped threads are then found among those that did not stop. A thread starts when an
 * interrupt comes and none delivers, and ends once none waits.
 *
 * <p>Concurrent semantics: thread-safe; the monitor guards the waiting interrupts and the
 * delivering thread, and is never held while an interrupt runs the plugin's code.
 */
final class Interrupters {

    private final String pluginId;
    private final Queue<TaskInterrupt> waiting = new ArrayDeque<>();
    /** The thread delivering this plugin's interrupts now, or null; guarded by this. */
    private Thread delivering;

    Interrupters(String pluginId) {
        this.pluginId = pluginId;
    }

    /** Interrupts {@code runner}, stopped for {@code reason}, after the interrupts waiting before it. */
    TaskInterrupt interrupt(Thread runner, String reason) {
        TaskInterrupt interrupt = new TaskInterrupt(runner, reason);
        Thread start = null;
        synchronized (this) {
            waiting.add(interrupt);
            if (delivering == null) {
                delivering = new Thread(this::deliverAll, "prsm-interrupt " + pluginId);
                delivering.setDaemon(true);
                // a new thread inherits its creator's context class loader; this one must keep no plugin's alive
                delivering.setContextClassLoader(Interrupters.class.getClassLoader());
                start = delivering;
            }
        }
        if (start != null) {
            start.start();
        }
        return interrupt;
    }

    private void deliverAll() {
        while (true) {
            TaskInterrupt next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    delivering = null;
                    return;
                }
            }
            next.deliver();
        }
    }
}
