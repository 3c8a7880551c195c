package io.prsm.runtime.plugins.lifecycle;

import java.util.EnumSet;
import java.util.Set;

import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/**
 * The states of a plugin in the runtime, each with the task-queue mode it implies, the state
 * operators see ({@link PluginState}, unchanged by this finer model) and the states it may move to.
 * {@link PluginLifecycle} is the only class that moves a plugin between them.
 *
 * <p>Concurrent semantics: immutable.
 */
public enum LifecycleState {
    /** Installed and meant to run, but not resolved (a requirement or a grant is missing). */
    INSTALLED(Mode.CLOSED, PluginState.INSTALLED),
    /** Resolved and started (or due to start at its start level), waiting for its Plugin service. */
    RESOLVED(Mode.HOLDING, PluginState.RESOLVED),
    /** Its Plugin service was found and {@code initialize} runs. */
    STARTING(Mode.HOLDING, PluginState.INITIALIZED),
    /** Initialized: runs tasks. */
    ACTIVE(Mode.OPEN, PluginState.ACTIVE),
    /**
     * Over its CPU share: its running tasks finish, its waiting and new tasks wait (their
     * deadlines run) until the CPU share guard finds its use back within the share. Shown as
     * active: it serves, only later.
     */
    THROTTLED(Mode.PAUSED, PluginState.ACTIVE),
    /** Its service went away: running tasks drain, then {@code shutdown} runs. */
    STOPPING(Mode.CLOSED, PluginState.STOPPED),
    /** Not started, or stopped by an operator. */
    STOPPED(Mode.CLOSED, PluginState.STOPPED),
    /**
     * Being replaced by a new version (or rolled back): tasks wait for whichever instance serves
     * next. Shown as active: a swap is meant to be invisible to callers, who lose no task.
     */
    SWAPPING(Mode.HOLDING, PluginState.ACTIVE),
    /** Failed too many tasks in a row, or stopped by a containment guard; refuses tasks until started again. */
    QUARANTINED(Mode.CLOSED, PluginState.FAILED),
    /** Refused manifest, or {@code initialize} failed; refuses tasks until started again. */
    FAILED(Mode.CLOSED, PluginState.FAILED);

    private final Mode queueMode;
    private final PluginState shown;

    LifecycleState(Mode queueMode, PluginState shown) {
        this.queueMode = queueMode;
        this.shown = shown;
    }

    /** The mode the plugin's task queue is in while the plugin is in this state. */
    public Mode queueMode() {
        return queueMode;
    }

    /** What {@code prsm:list}, {@code prsm:info}, health and events show for this state. */
    public PluginState shown() {
        return shown;
    }

    /**
     * The states this one may move to: the whole transition table. A bundle event that the
     * plugin's state already accounts for (a stop while it is failed, a start while it swaps)
     * is no transition; see {@link PluginLifecycle}.
     */
    public Set<LifecycleState> next() {
        return switch (this) {
            // resolved, stopped by the operator, its service found, its manifest refused
            case INSTALLED -> EnumSet.of(RESOLVED, STOPPED, STARTING, FAILED);
            // unresolved again, stopped before its service came, its service found, its service failed
            case RESOLVED -> EnumSet.of(INSTALLED, STOPPED, STARTING, FAILED, STOPPING);
            case STARTING -> EnumSet.of(ACTIVE, FAILED, QUARANTINED, STOPPING);
            case ACTIVE -> EnumSet.of(STOPPING, SWAPPING, QUARANTINED, FAILED, THROTTLED);
            // back within its share; or whatever may happen to an active plugin (a swap's new instance starts unthrottled)
            case THROTTLED -> EnumSet.of(ACTIVE, STOPPING, SWAPPING, QUARANTINED, FAILED);
            // once drained and shut down, it is where its bundle is
            case STOPPING -> EnumSet.of(INSTALLED, RESOLVED, STOPPED, FAILED);
            case STOPPED -> EnumSet.of(INSTALLED, RESOLVED, STARTING, STOPPING, FAILED);
            // the new version (or the old one, rolled back) serves; both failed; uninstalled meanwhile
            case SWAPPING -> EnumSet.of(ACTIVE, FAILED, STOPPED);
            // started again (its bundle decides where it is), uninstalled, or updated to a refused manifest
            case QUARANTINED -> EnumSet.of(INSTALLED, RESOLVED, STOPPED, FAILED);
            case FAILED -> EnumSet.of(INSTALLED, RESOLVED, STOPPED);
        };
    }

    /** Whether the plugin runs, or will run, an instance: bundle events do not decide its state. */
    boolean instanceDriven() {
        return this == STARTING || this == ACTIVE || this == THROTTLED || this == STOPPING || this == SWAPPING;
    }

    /**
     * Whether a wait for the plugin to settle (an install, a start, a swap) ends in this state
     * ({@code swapInstanceFailed}: the instance a swap brings up failed, so the swap rolls back).
     */
    boolean settled(boolean swapInstanceFailed) {
        return switch (this) {
            case ACTIVE, THROTTLED, FAILED, QUARANTINED, STOPPED -> true;
            case SWAPPING -> swapInstanceFailed;
            default -> false;
        };
    }

    /** Whether the plugin is out of service until an operator starts it again. */
    public boolean failed() {
        return this == FAILED || this == QUARANTINED;
    }
}
