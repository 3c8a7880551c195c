package io.prsm.runtime.plugins.lifecycle;

import java.time.Duration;

import io.prsm.api.Plugin;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/**
 * The lifecycle of one plugin as one state machine: its {@link LifecycleState}, the only
 * transitions between states ({@link LifecycleState#next()}; any other throws
 * {@link IllegalStateException} naming plugin, from and to) and the mode of its task queue,
 * which it alone sets through {@link TaskGate} ({@link QueueModes}) on every transition that
 * changes the mode. A swap's steps are in {@link LifecycleSwap}, and what the guards ask of a
 * running plugin (quarantine, throttle) in {@link LifecycleGuards}, both under the same monitor.
 *
 * <p>Its callers report what happened (the bundle changed, its service came or went, initialize
 * ended, a swap began) and the lifecycle decides what that means in the
 * state the plugin is in: a bundle event does not move a plugin that runs an instance or failed,
 * and while it swaps, the comings and goings of instances keep the queue holding. Data that
 * belongs to one state lives here with it: the instance, and whether an installed plugin waits
 * for a grant (what belongs to a swap lives in its {@link LifecycleSwap}).
 *
 * <p>Concurrent semantics: thread-safe. Every method is {@code synchronized}; the gate is driven
 * while the monitor is held, so the queue's mode changes in the order of the transitions, and
 * every change wakes threads in {@link #awaitSettled}. The gate must not call back into the
 * lifecycle (the queue calls {@link LifecycleGuards#quarantine} only after releasing its own lock).
 */
public final class PluginLifecycle {

    private final QueueModes queue;
    private final LifecycleSwap swap;
    private final LifecycleGuards guards;
    private LifecycleState state = LifecycleState.INSTALLED;
    private String lastError;
    /** The instance paired with the plugin, initialized or not, or null. */
    private Plugin instance;
    /** The paired instance once its initialize returned, or null. */
    private Plugin initialized;
    /** INSTALLED only: it does not resolve until the policy grants a permission. */
    private boolean awaitingGrant;

    /** Starts INSTALLED, with {@code gate} closed (as a new task queue is). */
    public PluginLifecycle(String pluginId, TaskGate gate) {
        this.queue = new QueueModes(pluginId, gate);
        this.swap = new LifecycleSwap(this, pluginId);
        this.guards = new LifecycleGuards(this, queue);
    }

    /** The plugin's swaps: begin, hand over, resume or end one. */
    public LifecycleSwap swap() {
        return swap;
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
            swap.clearFailure();
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

    /** What the plugin's guards ask: quarantine, throttle and its end, a hold for the memory check. */
    public LifecycleGuards guards() {
        return guards;
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
            queue.refuse(state.failed() && lastError != null ? lastError : reason);
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
            swap.failed(error);
            notifyAll();
            return;
        }
        if (state == LifecycleState.FAILED) {
            queue.refuse(refusal);
            notifyAll();
            return;
        }
        moveTo(LifecycleState.FAILED, refusal);
    }

    public synchronized void fail(String error) {
        fail(error, error);
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

    /** The plugin's bundle was uninstalled: its queue answers every task with {@code reason}. */
    public synchronized void uninstalled(String reason) {
        if (state == LifecycleState.STOPPED) {
            queue.refuse(reason);
            return;
        }
        if (state == LifecycleState.STARTING || state == LifecycleState.ACTIVE || state == LifecycleState.THROTTLED) {
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
        while (!state.settled(swap.instanceFailed())) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return state;
    }

    /**
     * The one place the state changes: checks the table, then sets the queue's mode when it
     * changes ({@code reason}: what a closed queue answers).
     */
    synchronized void moveTo(LifecycleState to, String reason) {
        LifecycleState from = state;
        if (to == from) {
            notifyAll();
            return;
        }
        queue.check(from, to, instance);
        state = to;
        if (to != LifecycleState.INSTALLED) {
            awaitingGrant = false;
        }
        queue.enter(from, to, instance, reason);
        notifyAll();
    }
}
