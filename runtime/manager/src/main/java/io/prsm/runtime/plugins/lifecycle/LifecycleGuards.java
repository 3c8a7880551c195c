package io.prsm.runtime.plugins.lifecycle;

/**
 * What the guards of one plugin (the queue's health count, the containment guards for memory
 * and CPU) ask of its {@link PluginLifecycle}: a quarantine, a throttle and its end, and a hold
 * of the queue while the low-memory guard decides. The lifecycle's other callers report what
 * happened to the plugin; these calls act on a plugin that runs, so they live apart from them.
 * Each decides only in which states it applies; the move itself is the lifecycle's.
 *
 * <p>Concurrent semantics: thread-safe; every method holds the lifecycle's monitor, the one that
 * guards its state, so a guard's act and the lifecycle's other events are ordered, and the queue
 * is driven with the monitor held (it must not call back).
 */
public final class LifecycleGuards {

    private final PluginLifecycle lifecycle;
    private final QueueModes queue;

    LifecycleGuards(PluginLifecycle lifecycle, QueueModes queue) {
        this.lifecycle = lifecycle;
        this.queue = queue;
    }

    /**
     * Quarantines a plugin that runs (or is starting, or throttled): the queue closes with
     * {@code reason}, the waiting tasks are answered with it and the running ones stopped. The one
     * entry point for every guard (the queue's health count, containment). Returns false, changing
     * nothing but the last error, when the plugin runs nothing to quarantine (stopping, swapping,
     * stopped, failed already).
     */
    public boolean quarantine(String reason) {
        synchronized (lifecycle) {
            lifecycle.noteError(reason);
            LifecycleState state = lifecycle.state();
            if (state != LifecycleState.ACTIVE && state != LifecycleState.STARTING
                    && state != LifecycleState.THROTTLED) {
                lifecycle.notifyAll();
                return false;
            }
            lifecycle.moveTo(LifecycleState.QUARANTINED, reason);
            queue.stopRunning(reason);
            return true;
        }
    }

    /**
     * The plugin is over its CPU share: its queue pauses (running tasks finish, the others wait)
     * until {@link #unthrottle}. Returns false, changing nothing, unless it is active: a plugin
     * that is starting, stopping, swapping, throttled already or out of service is not throttled.
     * {@code audit} runs first, only if it is throttled, with the monitor held (it must not call
     * back): the record is written before the queue pauses.
     */
    public boolean throttle(Runnable audit) {
        synchronized (lifecycle) {
            if (lifecycle.state() != LifecycleState.ACTIVE) {
                return false;
            }
            audit.run();
            lifecycle.moveTo(LifecycleState.THROTTLED, null);
            return true;
        }
    }

    /**
     * The plugin is back within its CPU share: its waiting tasks start again. Returns false,
     * changing nothing, unless it is throttled: whatever happened to it meanwhile (a stop, a
     * swap, a quarantine) decides its queue's mode, and a quarantined plugin's queue stays closed.
     * {@code audit} runs first, only if it is resumed, with the monitor held (it must not call
     * back): whoever sees a waiting task run finds the resume audited.
     */
    public boolean unthrottle(Runnable audit) {
        synchronized (lifecycle) {
            if (lifecycle.state() != LifecycleState.THROTTLED) {
                return false;
            }
            audit.run();
            lifecycle.moveTo(LifecycleState.ACTIVE, null);
            return true;
        }
    }

    /**
     * The low-memory guard's collection decides whether this plugin is quarantined: none of its
     * waiting tasks starts until {@link #endMemoryCheck}. Not a state: a throttled plugin stays
     * throttled, and a quarantine meanwhile closes the queue as any quarantine does.
     */
    public void holdForMemoryCheck() {
        synchronized (lifecycle) {
            queue.memoryCheck(true);
        }
    }

    /** The low-memory guard has decided: waiting tasks start again if the state's mode runs them. */
    public void endMemoryCheck() {
        synchronized (lifecycle) {
            queue.memoryCheck(false);
        }
    }
}
