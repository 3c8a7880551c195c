package io.prsm.runtime.plugins.lifecycle;

import io.prsm.api.Plugin;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/**
 * The transition table's guard and the queue's driver for {@link PluginLifecycle}: checks a
 * transition against {@link LifecycleState#next()}, then tells the {@link TaskGate} what the
 * mode of the state it reaches asks of it. Nothing else calls the gate's mode methods.
 *
 * <p>Concurrent semantics: not thread-safe on its own; called only while the owning lifecycle's
 * monitor is held, so the queue's mode changes in the order of the transitions.
 */
final class QueueModes {

    private final String pluginId;
    private final TaskGate gate;

    QueueModes(String pluginId, TaskGate gate) {
        this.pluginId = pluginId;
        this.gate = gate;
    }

    /** Throws, naming plugin, from and to, unless the table allows {@code from -> to}. */
    void check(LifecycleState from, LifecycleState to, Plugin instance) {
        if (!from.next().contains(to)) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot go from " + from + " to " + to
                    + "; from " + from + " it may go to " + from.next() + ".");
        }
        if ((to.queueMode() == Mode.OPEN || to.queueMode() == Mode.PAUSED) && instance == null) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot go from " + from + " to " + to
                    + " without an instance to run its tasks.");
        }
    }

    /**
     * Puts the queue in the mode of {@code to} when it differs from that of {@code from}
     * ({@code reason}: what a closed queue answers; a closed queue closed again keeps its reason
     * unless a new one is given).
     */
    void enter(LifecycleState from, LifecycleState to, Plugin instance, String reason) {
        switch (to.queueMode()) {
            case OPEN -> {
                if (from.queueMode() == Mode.PAUSED) {
                    gate.resume();
                } else {
                    gate.open(instance);
                }
            }
            case PAUSED -> gate.pause();
            case HOLDING -> {
                if (from.queueMode() != Mode.HOLDING) {
                    gate.hold();
                }
            }
            case CLOSED -> {
                if (reason != null) {
                    gate.close(reason);
                } else if (from.queueMode() != Mode.CLOSED) {
                    gate.close(notStarted());
                }
            }
        }
    }

    /** Answers every task with {@code reason}, whatever the state (a failed plugin keeps refusing with why). */
    void refuse(String reason) {
        gate.close(reason);
    }

    /** Holds waiting tasks while the low-memory guard decides, or lets them go again; the mode stays. */
    void memoryCheck(boolean held) {
        gate.memoryCheck(held);
    }

    /** Stops the tasks running now, answering each with {@code reason}. */
    void stopRunning(String reason) {
        gate.stopRunning(reason);
    }

    /** What tasks are told when the plugin is not running and nothing more precise is known. */
    private String notStarted() {
        return "Plugin '" + pluginId + "' is not started. Start it with prsm:start " + pluginId + ".";
    }
}
