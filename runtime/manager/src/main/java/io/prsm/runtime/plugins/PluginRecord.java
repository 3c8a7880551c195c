package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

import io.prsm.api.Plugin;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.config.ConfigLayers;
import io.prsm.runtime.tasks.TaskQueue;

/**
 * The runtime's view of one plugin bundle: its manifest check, its lifecycle state, its
 * {@link Plugin} instance once paired, its last error and its task queue.
 *
 * <p>Concurrent semantics: thread-safe. State is guarded by the record's monitor, and every
 * change wakes threads in {@link #awaitSettled}. {@link #lifecycle()} serializes initialize and
 * shutdown of the instance.
 */
final class PluginRecord {

    private final Bundle bundle;
    private volatile ManifestCheck check;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private TaskQueue queue;

    private PluginState state = PluginState.INSTALLED;
    private boolean failed;
    private boolean awaitingGrant;
    private String lastError;
    private Plugin instance;
    private boolean initialized;
    private Future<?> initialization;
    /** Non-null while a hot-swap is under way: the state to hand to the next instance, if any. */
    private Handover handover;
    /** The configuration the instance runs with; null until it initialized. */
    private volatile ConfigLayers configuration;
    /** Serializes configuration changes without blocking readers of the record's state. */
    private final Object configurationLock = new Object();

    /** What a swap hands from one instance to the next. */
    record Handover(Map<String, Object> state) {
    }

    PluginRecord(Bundle bundle, ManifestCheck check) {
        this.bundle = bundle;
        this.check = check;
        if (!check.valid()) {
            failed = true;
            state = PluginState.FAILED;
            lastError = "Invalid manifest: " + String.join(" ", check.problems());
        }
    }

    void useQueue(TaskQueue taskQueue) {
        this.queue = taskQueue;
    }

    Bundle bundle() {
        return bundle;
    }

    ManifestCheck check() {
        return check;
    }

    TaskQueue queue() {
        return queue;
    }

    ReentrantLock lifecycle() {
        return lifecycle;
    }

    /** The plugin id, or a name made from the bundle id when the manifest has none. */
    String pluginId() {
        PluginDescriptor descriptor = check.descriptor();
        return descriptor == null || descriptor.pluginId().isEmpty() ? "bundle-" + bundle.getBundleId()
                : descriptor.pluginId();
    }

    synchronized PluginState state() {
        return state;
    }

    synchronized String lastError() {
        return lastError;
    }

    synchronized boolean isFailed() {
        return failed;
    }

    /** Re-reads the bundle's state; a failure stays until the plugin is started again. */
    synchronized void bundleChanged() {
        if (failed) {
            state = PluginState.FAILED;
        } else if (initialized) {
            state = PluginState.ACTIVE;
        } else if (instance != null) {
            state = PluginState.INITIALIZED;
        } else {
            state = fromBundle();
        }
        notifyAll();
    }

    /**
     * A bundle that is not persistently started was stopped by an operator (installing a plugin
     * always starts it), whether or not the framework resolved it again after a restart.
     */
    private PluginState fromBundle() {
        boolean autostart = bundle.adapt(BundleStartLevel.class).isPersistentlyStarted();
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> autostart || awaitingGrant ? PluginState.INSTALLED : PluginState.STOPPED;
            case Bundle.RESOLVED -> autostart ? PluginState.RESOLVED : PluginState.STOPPED;
            case Bundle.STARTING, Bundle.ACTIVE -> PluginState.RESOLVED;
            case Bundle.STOPPING -> PluginState.STOPPED;
            default -> state;
        };
    }

    /** The bundle is starting again: a previous initialize failure or quarantine no longer holds. */
    synchronized void restarting() {
        awaitingGrant = false;
        if (check.valid()) {
            failed = false;
            lastError = null;
        }
        bundleChanged();
    }

    /** Pairs the record with its service; false if it already has one. */
    synchronized boolean attach(Plugin plugin) {
        if (instance != null) {
            return false;
        }
        instance = plugin;
        initialized = false;
        bundleChanged();
        return true;
    }

    /** The bundle was updated: its manifest is read again (the version changes, the id does not). */
    synchronized void recheck(ManifestCheck updated) {
        check = updated;
        if (!updated.valid()) {
            failed = true;
            lastError = "Invalid manifest: " + String.join(" ", updated.problems());
        }
        bundleChanged();
    }

    /** The instance paired with the bundle, initialized or not, or null. */
    synchronized Plugin instance() {
        return instance;
    }

    /** Marks a swap under way: stopping holds tasks instead of refusing them. */
    synchronized void beginSwap(Map<String, Object> state) {
        handover = new Handover(state);
    }

    synchronized void endSwap() {
        handover = null;
    }

    /** The swap under way, or null. */
    synchronized Handover handover() {
        return handover;
    }

    /** Remembers the running initialize, so a stop can interrupt a plugin that hangs in it. */
    synchronized void initializing(Future<?> running) {
        initialization = running;
    }

    /** Interrupts an initialize that is still running; returns whether there was one. */
    synchronized boolean interruptInitialize() {
        return initialization != null && !initialization.isDone() && initialization.cancel(true);
    }

    /** Whether stopping the plugin interrupted its initialize (which then fails for that reason alone). */
    synchronized boolean initializeInterrupted() {
        return initialization != null && initialization.isCancelled();
    }

    /**
     * Initialize succeeded: {@code open} starts the queue on the instance before the state
     * becomes active, so whoever waits for active (a swap, an install) never sees it before tasks
     * flow to this instance. Returns false, opening nothing, if the instance was detached meanwhile.
     */
    synchronized boolean activated(Plugin plugin, Runnable open) {
        if (instance != plugin) {
            return false;
        }
        open.run();
        initialized = true;
        bundleChanged();
        return true;
    }

    /** The configuration the instance was last given, or null. */
    ConfigLayers configuration() {
        return configuration;
    }

    Object configurationLock() {
        return configurationLock;
    }

    void configured(ConfigLayers layers) {
        configuration = layers;
    }

    /** Unpairs the record; returns the instance if it had been initialized, else null. */
    synchronized Plugin detach() {
        Plugin detached = initialized ? instance : null;
        instance = null;
        initialized = false;
        bundleChanged();
        return detached;
    }

    synchronized void fail(String error) {
        failed = true;
        lastError = error;
        bundleChanged();
    }

    /**
     * The plugin was installed but does not resolve until the policy grants a permission; it
     * shows as installed, with why, until it is started again.
     */
    synchronized void awaitGrant(String error) {
        awaitingGrant = true;
        lastError = error;
        bundleChanged();
    }

    /** Records a task or lifecycle error without failing the plugin. */
    synchronized void noteError(String error) {
        lastError = error;
    }

    /**
     * Waits until the plugin is active, failed or stopped, at most {@code timeout}; returns the
     * state then.
     */
    synchronized PluginState awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != PluginState.ACTIVE && state != PluginState.FAILED && state != PluginState.STOPPED) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        return state;
    }

    PluginInfo info(Set<String> granted) {
        PluginDescriptor d = check.descriptor();
        PluginState currentState;
        String error;
        synchronized (this) {
            currentState = state;
            error = lastError;
        }
        if (d == null) {
            return new PluginInfo(bundle.getBundleId(), pluginId(), "", "", "", currentState,
                    String.valueOf(bundle.getHeaders("").get("Bundle-Name")), "", "", bundle.getLocation(),
                    java.util.List.of(), java.util.List.of(), java.util.List.of(), granted, 0, 0, 0, error,
                    queue.metrics(), java.util.List.of(), java.util.List.of());
        }
        return new PluginInfo(bundle.getBundleId(), pluginId(), d.version(), d.type(), d.securityLevel(), currentState,
                d.name(), d.description(), d.vendor(), bundle.getLocation(), d.capabilities(),
                d.requiredPermissions(), d.optionalPermissions(), granted, d.memory(), d.cpu(), d.storage(), error,
                queue.metrics(), PluginServices.hooks(bundle), PluginServices.endpoints(bundle), d.taskTypes());
    }
}
