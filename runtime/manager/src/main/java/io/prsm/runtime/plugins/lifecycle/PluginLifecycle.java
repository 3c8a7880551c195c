package io.prsm.runtime.plugins.lifecycle;

import java.time.Duration;
import java.util.Map;

import io.prsm.api.Plugin;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/**
 * The lifecycle of one plugin as one state machine: its {@link LifecycleState}, the only
 * transitions between states ({@link LifecycleState#next()}; any other throws
 * {@link IllegalStateException} naming plugin, from and to) and the mode of its task queue,
 * which it alone sets through {@link TaskGate} on every transition that changes the mode.
 *
 * <p>Its callers report what happened (the bundle changed, its service came or went, initialize
 * ended, a swap began, a guard quarantines it) and the lifecycle decides what that means in the
 * state the plugin is in: a bundle event does not move a plugin that runs an instance or failed,
 * and while it swaps, the comings and goings of instances keep the queue holding. Data that
 * belongs to one state lives here with it: the instance, the state handed over in a swap and the
 * failure of the instance a swap brings up, and whether an installed plugin waits for a grant.
 *
 * <p>Concurrent semantics: thread-safe. Every method is {@code synchronized}; the gate is driven
 * while the monitor is held, so the queue's mode changes in the order of the transitions, and
 * every change wakes threads in {@link #awaitSettled}. The gate must not call back into the
 * lifecycle (the queue calls {@link #quarantine} only after releasing its own lock).
 */
public final class PluginLifecycle {

    private final String pluginId;
    private final TaskGate gate;
    private LifecycleState state = LifecycleState.INSTALLED;
    private String lastError;
    /** The instance paired with the plugin, initialized or not, or null. */
    private Plugin instance;
    /** The paired instance once its initialize returned, or null. */
    private Plugin initialized;
    /** INSTALLED only: it does not resolve until the policy grants a permission. */
    private boolean awaitingGrant;
    /** SWAPPING only: the state the outgoing instance exported for the next one, or null. */
    private Map<String, Object> handover;
    /** SWAPPING only: why the instance the swap brings up failed, or null. */
    private String swapFailure;

    /** Starts INSTALLED, with {@code gate} closed (as a new task queue is). */
    public PluginLifecycle(String pluginId, TaskGate gate) {
        this.pluginId = pluginId;
        this.gate = gate;
    }

    public synchronized LifecycleState state() {
        return state;
    }

    public synchronized String lastError() {
        return lastError;
    }

    /** State and last error, read together. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(state, lastError);
    }

    /** A state with the last error recorded in it. */
    public record Snapshot(LifecycleState state, String lastError) {
    }

    /** Where the plugin's bundle is, when no instance and no failure decide its state. */
    public synchronized void bundleAt(LifecycleState bundleView) {
        if (bundleView == null || state.instanceDriven() || state.failed()) {
            notifyAll();
            return;
        }
        moveTo(bundleView, null);
    }

    /** Whether an installed plugin waits for a grant (an unstarted bundle then shows installed, not stopped). */
    public synchronized boolean awaitingGrant() {
        return awaitingGrant;
    }

    /**
     * The bundle is starting again: a failure, a quarantine or a wait for a grant no longer holds
     * ({@code valid}: unless its manifest is refused). Then it is where {@code bundleView} says.
     */
    public synchronized void restarting(boolean valid, LifecycleState bundleView) {
        awaitingGrant = false;
        if (!valid) {
            return;
        }
        lastError = null;
        if (state == LifecycleState.SWAPPING) {
            swapFailure = null;
            notifyAll();
            return;
        }
        if (state.failed()) {
            if (bundleView != null) {
                moveTo(bundleView, null);
            }
            return;
        }
        bundleAt(bundleView);
    }

    /**
     * Pairs the plugin with its service; false, changing nothing, if it already has one or it
     * failed (a failure holds until the plugin is started again, whatever services come).
     */
    public synchronized boolean attach(Plugin plugin) {
        if (instance != null || state.failed()) {
            return false;
        }
        instance = plugin;
        initialized = null;
        if (state != LifecycleState.SWAPPING) {
            moveTo(LifecycleState.STARTING, null);
        }
        notifyAll();
        return true;
    }

    /** The instance paired with the plugin, initialized or not, or null. */
    public synchronized Plugin instance() {
        return instance;
    }

    /**
     * {@code plugin}'s initialize returned: the queue opens on it, and then the plugin is active,
     * so whoever waits for active (a swap, an install) never sees it before tasks flow to this
     * instance. Returns false, opening nothing, when the instance was detached or the plugin began
     * stopping meanwhile (it is then shut down with the rest).
     */
    public synchronized boolean activated(Plugin plugin) {
        if (instance != plugin) {
            return false;
        }
        initialized = plugin;
        if (state != LifecycleState.STARTING && state != LifecycleState.SWAPPING) {
            return false;
        }
        moveTo(LifecycleState.ACTIVE, null);
        return true;
    }

    /**
     * Its service is going away: the queue closes with {@code reason}, unless a swap holds it for
     * the next instance. A failed plugin stays failed and keeps its error.
     */
    public synchronized void serviceRemoved(String reason) {
        if (state == LifecycleState.SWAPPING) {
            return;
        }
        if (state.failed() || state.queueMode() == Mode.CLOSED && state != LifecycleState.STOPPING) {
            // failed or quarantined (containment stops the bundle to release it): callers keep hearing why
            gate.close(state.failed() && lastError != null ? lastError : reason);
            return;
        }
        moveTo(LifecycleState.STOPPING, reason);
    }

    /**
     * Unpairs the instance; the plugin is then where {@code bundleView} says, unless it failed or
     * swaps. Returns the instance if its initialize had returned (it needs its shutdown), else null.
     */
    public synchronized Plugin detach(LifecycleState bundleView) {
        Plugin detached = initialized;
        instance = null;
        initialized = null;
        if (state == LifecycleState.STOPPING) {
            moveTo(bundleView == null ? LifecycleState.STOPPED : bundleView, null);
        } else if (state == LifecycleState.STARTING) {
            // detached without its service leaving first (it never reached the queue): back to its bundle
            moveTo(LifecycleState.STOPPING, null);
            moveTo(bundleView == null ? LifecycleState.STOPPED : bundleView, null);
        } else {
            notifyAll();
        }
        return detached;
    }

    /**
     * The plugin failed ({@code error}, its last error; {@code refusal}, what its refused tasks
     * are told). While it swaps, this is the failure of the instance the swap brings up: the
     * swap rolls back and the queue keeps holding.
     */
    public synchronized void fail(String error, String refusal) {
        lastError = error;
        if (state == LifecycleState.SWAPPING) {
            swapFailure = error;
            notifyAll();
            return;
        }
        if (state == LifecycleState.FAILED) {
            gate.close(refusal);
            notifyAll();
            return;
        }
        moveTo(LifecycleState.FAILED, refusal);
    }

    public synchronized void fail(String error) {
        fail(error, error);
    }

    /**
     * Quarantines a plugin that runs (or is starting): the queue closes with {@code reason}, the
     * waiting tasks are answered with it and the running ones stopped. The one entry point for
     * every guard (the queue's health count, containment). Returns false, changing nothing but
     * the last error, when the plugin runs nothing to quarantine (stopping, swapping, stopped,
     * failed already).
     */
    public synchronized boolean quarantine(String reason) {
        lastError = reason;
        if (state != LifecycleState.ACTIVE && state != LifecycleState.STARTING) {
            notifyAll();
            return false;
        }
        moveTo(LifecycleState.QUARANTINED, reason);
        gate.stopRunning(reason);
        return true;
    }

    /**
     * The plugin does not resolve until the policy grants a permission: it shows as installed,
     * with why, until it is started again.
     */
    public synchronized void awaitGrant(String error) {
        lastError = error;
        if (state == LifecycleState.RESOLVED || state == LifecycleState.STOPPED) {
            moveTo(LifecycleState.INSTALLED, null);
        }
        awaitingGrant = state == LifecycleState.INSTALLED;
        notifyAll();
    }

    /** Records a task or lifecycle error without changing the state. */
    public synchronized void noteError(String error) {
        lastError = error;
    }

    /**
     * An active plugin begins a swap: its tasks are held until an instance serves again. Returns
     * false, changing nothing, when it is not active (a stopped or failed plugin is swapped without
     * serving: it gets the new version and stays as it was).
     */
    public synchronized boolean beginSwap() {
        if (state != LifecycleState.ACTIVE) {
            return false;
        }
        swapFailure = null;
        handover = null;
        moveTo(LifecycleState.SWAPPING, null);
        return true;
    }

    /** The state the outgoing instance exported, for the next instance's initialize. */
    public synchronized void handOver(Map<String, Object> exported) {
        requireSwapping("hand over state");
        handover = exported;
    }

    /** While swapping: the state to give the next instance, or null. Null when not swapping. */
    public synchronized Map<String, Object> handover() {
        return state == LifecycleState.SWAPPING ? handover : null;
    }

    public synchronized boolean swapping() {
        return state == LifecycleState.SWAPPING;
    }

    /**
     * The swap is abandoned before the bundle changed: the instance that was active serves again,
     * unless it was stopped meanwhile.
     */
    public synchronized void resumeAfterSwap() {
        requireSwapping("resume");
        moveTo(instance != null ? LifecycleState.ACTIVE : LifecycleState.STOPPED, null);
    }

    /**
     * The swap is over. If no instance became active (both versions failed, or the swap stopped
     * on an unexpected error) the plugin fails with {@code reason} instead of holding tasks for ever.
     */
    public synchronized void endSwap(String reason) {
        if (state == LifecycleState.SWAPPING) {
            moveTo(LifecycleState.FAILED, reason);
            lastError = reason;
        }
        handover = null;
        swapFailure = null;
    }

    /** The plugin's bundle was uninstalled: its queue answers every task with {@code reason}. */
    public synchronized void uninstalled(String reason) {
        if (state == LifecycleState.STOPPED) {
            gate.close(reason);
            return;
        }
        if (state == LifecycleState.STARTING || state == LifecycleState.ACTIVE) {
            // its service is unregistered before its bundle goes; should an event be missed, it stops first
            moveTo(LifecycleState.STOPPING, reason);
        }
        moveTo(LifecycleState.STOPPED, reason);
    }

    /**
     * Waits until the plugin is active, failed or stopped, or a swap's new instance failed, at most
     * {@code timeout}; returns the state then.
     */
    public synchronized LifecycleState awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!settled()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return state;
    }

    private boolean settled() {
        return switch (state) {
            case ACTIVE, FAILED, QUARANTINED, STOPPED -> true;
            case SWAPPING -> swapFailure != null;
            default -> false;
        };
    }

    private void requireSwapping(String act) {
        if (state != LifecycleState.SWAPPING) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot " + act + ": it is " + state
                    + ", not " + LifecycleState.SWAPPING + ".");
        }
    }

    /**
     * The one place the state changes: checks the table, then sets the queue's mode when it
     * changes ({@code reason}: what a closed queue answers; a closed queue closed again keeps its
     * reason unless a new one is given).
     */
    synchronized void moveTo(LifecycleState to, String reason) {
        LifecycleState from = state;
        if (to == from) {
            notifyAll();
            return;
        }
        if (!from.next().contains(to)) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot go from " + from + " to " + to
                    + "; from " + from + " it may go to " + from.next() + ".");
        }
        if (to.queueMode() == Mode.OPEN && instance == null) {
            throw new IllegalStateException("Plugin '" + pluginId + "' cannot go from " + from + " to " + to
                    + " without an instance to run its tasks.");
        }
        state = to;
        if (to != LifecycleState.INSTALLED) {
            awaitingGrant = false;
        }
        switch (to.queueMode()) {
            case OPEN -> gate.open(instance);
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
        notifyAll();
    }

    /** What tasks are told when the plugin is not running and nothing more precise is known. */
    private String notStarted() {
        return "Plugin '" + pluginId + "' is not started. Start it with prsm:start " + pluginId + ".";
    }
}
