package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a plugin's lifecycle calls ({@code initialize}, {@code shutdown}) on its own task threads,
 * each stopped as a task is once its deadline passes: a plugin that hangs there holds a thread of
 * its own, never a shared one.
 *
 * <p>Concurrent semantics: thread-safe; it keeps no state of its own.
 */
final class PluginCalls {

    private final String pluginId;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Interrupters interrupters;
    private final Consumer<String> onStop;

    PluginCalls(String pluginId, ExecutorService workers, ScheduledExecutorService timer, Interrupters interrupters,
            Consumer<String> onStop) {
        this.pluginId = pluginId;
        this.workers = workers;
        this.timer = timer;
        this.interrupters = interrupters;
        this.onStop = onStop;
    }

    /**
     * Runs {@code body} on one of the plugin's task threads and stops it (audited) if it has not
     * returned within {@code deadline}. The call is handed to the plugin's pool from a thread of its
     * own, so the caller never waits for the plugin's thread group; {@link PluginCall#await} bounds
     * its wait.
     *
     * @param what what the body runs, for the audit ({@code initialize})
     * @param overdue what the stop says when the deadline passes
     * @throws RejectedExecutionException when the runtime is shutting down
     */
    PluginCall call(String what, Runnable body, Duration deadline, String overdue) {
        if (workers.isShutdown()) {
            throw new RejectedExecutionException("The runtime is shutting down.");
        }
        PluginCall call = new PluginCall(interrupters, what, onStop);
        // a new thread in the plugin's group waits while the plugin's code holds the group's monitor: a thread
        // of its own hands the call over, so the caller (the framework stopping a bundle) never waits for that
        Thread starter = new Thread(() -> {
            try {
                workers.execute(() -> call.run(body));
            } catch (RejectedExecutionException shuttingDown) {
                call.run(body);
            }
        }, "prsm-start " + what + " " + pluginId);
        starter.setDaemon(true);
        starter.setContextClassLoader(PluginCalls.class.getClassLoader());
        starter.start();
        try {
            call.stopAt(timer.schedule(() -> call.stop(overdue), deadline.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException shuttingDown) {
            // the timer stopped: the runtime stops, and its own stop bounds the call
        }
        return call;
    }
}
