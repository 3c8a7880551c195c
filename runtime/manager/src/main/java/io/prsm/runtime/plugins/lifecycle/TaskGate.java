package io.prsm.runtime.plugins.lifecycle;

import io.prsm.api.Plugin;

/**
 * The three modes of a plugin's task queue, as {@link PluginLifecycle} sets them. Only the
 * lifecycle calls these; the queue closes itself on its own only to quarantine (and then tells
 * the lifecycle, see {@link LifecycleGuards#quarantine}).
 *
 * <p>Concurrent semantics: implementations are thread-safe; the lifecycle calls them while it
 * holds its monitor, so they must not call back into the lifecycle.
 */
public interface TaskGate {

    /** Accepts tasks without running them (the plugin is starting, or being swapped). */
    void hold();

    /** Runs waiting and later tasks on {@code instance}. */
    void open(Plugin instance);

    /** Answers every waiting and later task with {@code reason}; running tasks may finish. */
    void close(String reason);

    /**
     * Starts no more tasks on the instance it runs them on: running ones finish, waiting and new
     * ones wait (their deadlines run) until {@link #resume}. Called only while open.
     */
    void pause();

    /** Ends a {@link #pause}: waiting tasks start again on the same instance. Called only while paused. */
    void resume();

    /** Stops the tasks running now and answers each with {@code reason}. */
    void stopRunning(String reason);

    /**
     * Starts no waiting task while the low-memory guard's collection decides whether the plugin
     * is quarantined (held true), or again once it has decided (false); apart from the mode, so a
     * paused queue stays paused and a closed one closed.
     */
    void memoryCheck(boolean held);

    /** Which mode a state puts the queue in. */
    enum Mode {
        /** Accepts tasks, runs none. */
        HOLDING,
        /** Runs tasks on the plugin's instance. */
        OPEN,
        /** Accepts tasks for the instance it runs them on, starts none (the plugin is throttled). */
        PAUSED,
        /** Answers every task at once with the reason it is closed. */
        CLOSED
    }
}
