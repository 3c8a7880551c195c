package io.prsm.runtime.plugins.lifecycle;

import java.util.Map;

/**
 * The swap of one plugin, as its {@link PluginLifecycle} sees it: the move into and out of
 * {@link LifecycleState#SWAPPING}, and the data that belongs to that state alone (the state the
 * outgoing instance handed over, and why the instance the swap brings up failed).
 *
 * <p>Concurrent semantics: thread-safe; every method holds the lifecycle's monitor, the one that
 * guards its state, so a swap's steps and the lifecycle's other events are ordered.
 */
public final class LifecycleSwap {

    private final PluginLifecycle lifecycle;
    private final String pluginId;
    /** SWAPPING only: the state the outgoing instance exported for the next one, or null. */
    private Map<String, Object> handover;
    /** SWAPPING only: why the instance the swap brings up failed, or null. */
    private String failure;

    LifecycleSwap(PluginLifecycle lifecycle, String pluginId) {
        this.lifecycle = lifecycle;
        this.pluginId = pluginId;
    }

    /**
     * An active (or throttled) plugin begins a swap: its tasks are held until an instance serves
     * again. Returns false, changing nothing, when it does not serve (a stopped or failed plugin is
     * swapped without serving: it gets the new version and stays as it was).
     */
    public boolean begin() {
        synchronized (lifecycle) {
            LifecycleState state = lifecycle.state();
            if (state != LifecycleState.ACTIVE && state != LifecycleState.THROTTLED) {
                return false;
            }
            failure = null;
            handover = null;
            lifecycle.moveTo(LifecycleState.SWAPPING, null);
            return true;
        }
    }

    /** The state the outgoing instance exported, for the next instance's initialize. */
    public void handOver(Map<String, Object> exported) {
        synchronized (lifecycle) {
            require("hand over state");
            handover = exported;
        }
    }

    /** While swapping: the state to give the next instance, or null. Null when not swapping. */
    public Map<String, Object> handover() {
        synchronized (lifecycle) {
            return active() ? handover : null;
        }
    }

    /** Whether the plugin is being swapped now. */
    public boolean active() {
        return lifecycle.state() == LifecycleState.SWAPPING;
    }

    /**
     * The swap is abandoned before the bundle changed: the instance that was active serves again,
     * unless it was stopped meanwhile.
     */
    public void resume() {
        synchronized (lifecycle) {
            require("resume");
            lifecycle.moveTo(lifecycle.instance() != null ? LifecycleState.ACTIVE : LifecycleState.STOPPED, null);
        }
    }

    /**
     * The swap is over. If no instance became active (both versions failed, or the swap stopped
     * on an unexpected error) the plugin fails with {@code reason} instead of holding tasks for ever.
     */
    public void end(String reason) {
        synchronized (lifecycle) {
            if (active()) {
                lifecycle.moveTo(LifecycleState.FAILED, reason);
                lifecycle.noteError(reason);
            }
            handover = null;
            failure = null;
        }
    }

    /** The instance the swap brings up failed with {@code error}: the swap rolls back. Monitor held. */
    void failed(String error) {
        failure = error;
    }

    /** The plugin starts again: an earlier failure of the swap's instance no longer holds. Monitor held. */
    void clearFailure() {
        failure = null;
    }

    /** Whether the instance the swap brings up failed (a waiter for a settled plugin may go on). Monitor held. */
    boolean instanceFailed() {
        return failure != null;
    }

    private void require(String act) {
        if (!active()) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot " + act + ": it is " + lifecycle.state()
                    + ", not " + LifecycleState.SWAPPING + ".");
        }
    }
}
