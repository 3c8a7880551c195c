package io.prsm.runtime.tasks;

import io.prsm.api.PluginResponse;

/**
 * The health of one plugin's tasks: its consecutive failures, and the quarantine they lead to at
 * {@code prsm.task.quarantine}. Any success sets the count back to 0; see docs/failures.md for
 * what counts.
 *
 * <p>Concurrent semantics: not thread-safe; its queue calls it with its lock held, so the
 * quarantine is decided together with the queue's closing.
 */
final class TaskHealth {

    private final String pluginId;
    private final int quarantineAfter;
    private int consecutiveFailures;

    TaskHealth(String pluginId, int quarantineAfter) {
        this.pluginId = pluginId;
        this.quarantineAfter = quarantineAfter;
    }

    /** A restarted plugin starts healthy. */
    void reset() {
        consecutiveFailures = 0;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * Counts an answer; returns the reason the plugin is quarantined when this answer quarantines
     * it (not when its queue is {@code closed} already), else null.
     */
    String answered(PluginResponse response, boolean countsAgainstHealth, boolean closed) {
        if (response.success()) {
            consecutiveFailures = 0;
        } else if (countsAgainstHealth) {
            consecutiveFailures++;
            if (consecutiveFailures >= quarantineAfter && !closed) {
                return "Plugin '" + pluginId + "' is quarantined after " + consecutiveFailures
                        + " consecutive failures (last: " + response.error() + "). Fix the cause, then "
                        + "restart it with prsm:start " + pluginId + ".";
            }
        }
        return null;
    }
}
