package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

import io.prsm.api.Plugin;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.config.ConfigLayers;
import io.prsm.runtime.plugins.lifecycle.LifecycleState;
import io.prsm.runtime.plugins.lifecycle.PluginLifecycle;
import io.prsm.runtime.tasks.PluginCall;
import io.prsm.runtime.tasks.TaskQueue;

/**
 * The runtime's view of one plugin bundle: its manifest check, its {@link PluginLifecycle} (state,
 * instance, last error, and through it the mode of its task queue) and its task queue. It
 * translates what its bundle does into what the lifecycle understands.
 *
 * <p>Concurrent semantics: thread-safe. The lifecycle guards the state; {@link #initializeLock()}
 * serializes initialize, reconfigure and shutdown of the instance.
 */
final class PluginRecord {

    private final Bundle bundle;
    private volatile ManifestCheck check;
    private final ReentrantLock initializeLock = new ReentrantLock();
    private volatile TaskQueue queue;
    private volatile PluginLifecycle lifecycle;
    /** The running or last initialize; guarded by this. */
    private PluginCall initialization;
    /** Whether a stop of the plugin (not its deadline) stopped that initialize; guarded by this. */
    private boolean initializeStopped;
    /** The configuration the instance runs with; null until it initialized. */
    private volatile ConfigLayers configuration;
    /** Serializes configuration changes without blocking readers of the record's state. */
    private final Object configurationLock = new Object();

    PluginRecord(Bundle bundle, ManifestCheck check) {
        this.bundle = bundle;
        this.check = check;
    }

    /**
     * Gives the plugin its queue, and the lifecycle that drives it. A refused manifest fails the
     * plugin at once; otherwise it is where its bundle is.
     */
    void useQueue(TaskQueue taskQueue) {
        this.queue = taskQueue;
        this.lifecycle = new PluginLifecycle(pluginId(), taskQueue);
        if (check.valid()) {
            bundleChanged();
        } else {
            String error = invalid(check);
            lifecycle.fail(error, "Plugin '" + pluginId() + "' is refused: " + error
                    + " Fix the plugin and install it again.");
        }
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

    /** The plugin's state machine. */
    PluginLifecycle lifecycle() {
        return lifecycle;
    }

    /** Serializes initialize, reconfigure and shutdown of the instance. */
    ReentrantLock initializeLock() {
        return initializeLock;
    }

    /** The plugin id, or a name made from the bundle id when the manifest has none. */
    String pluginId() {
        PluginDescriptor descriptor = check.descriptor();
        return descriptor == null || descriptor.pluginId().isEmpty() ? "bundle-" + bundle.getBundleId()
                : descriptor.pluginId();
    }

    /** The state operators see. */
    PluginState state() {
        return lifecycle.state().shown();
    }

    String lastError() {
        return lifecycle.lastError();
    }

    /** Failed or quarantined: out of service until started again. */
    boolean isFailed() {
        return lifecycle.state().failed();
    }

    /** Re-reads the bundle's state; an instance or a failure decides the state before the bundle does. */
    void bundleChanged() {
        lifecycle.bundleAt(fromBundle());
    }

    /**
     * Where the bundle alone puts the plugin. A bundle that is not persistently started was stopped
     * by an operator (installing a plugin always starts it), whether or not the framework resolved
     * it again after a restart; null when the bundle's state says nothing (uninstalled).
     */
    private LifecycleState fromBundle() {
        boolean autostart = bundle.adapt(BundleStartLevel.class).isPersistentlyStarted();
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> autostart || lifecycle.awaitingGrant() ? LifecycleState.INSTALLED
                    : LifecycleState.STOPPED;
            case Bundle.RESOLVED -> autostart ? LifecycleState.RESOLVED : LifecycleState.STOPPED;
            case Bundle.STARTING, Bundle.ACTIVE -> LifecycleState.RESOLVED;
            case Bundle.STOPPING -> LifecycleState.STOPPED;
            default -> null;
        };
    }

    /** The bundle is starting again: a previous initialize failure or quarantine no longer holds. */
    void restarting() {
        lifecycle.restarting(check.valid(), fromBundle());
    }

    /** Pairs the record with its service; false if it already has one. */
    boolean attach(Plugin plugin) {
        return lifecycle.attach(plugin);
    }

    /** The bundle was updated: its manifest is read again (the version changes, the id does not). */
    void recheck(ManifestCheck updated) {
        check = updated;
        if (updated.valid()) {
            bundleChanged();
        } else {
            lifecycle.fail(invalid(updated));
        }
    }

    private static String invalid(ManifestCheck check) {
        return "Invalid manifest: " + String.join(" ", check.problems());
    }

    /** The instance paired with the bundle, initialized or not, or null. */
    Plugin instance() {
        return lifecycle.instance();
    }

    /** Remembers the running initialize, so a stop can stop a plugin that hangs in it. */
    synchronized void initializing(PluginCall running) {
        initialization = running;
        initializeStopped = false;
    }

    /** Stops an initialize that is still running, for {@code reason}; returns whether there was one. */
    synchronized boolean interruptInitialize(String reason) {
        initializeStopped = initialization != null && initialization.stop(reason);
        return initializeStopped;
    }

    /** Why its initialize was stopped (its deadline, or a stop of the plugin), or null. */
    synchronized String initializeStop() {
        return initialization == null ? null : initialization.stopped();
    }

    /** Whether stopping the plugin stopped its initialize (which then fails for that reason alone). */
    synchronized boolean initializeInterrupted() {
        return initializeStopped;
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
    Plugin detach() {
        return lifecycle.detach(fromBundle());
    }

    void fail(String error) {
        lifecycle.fail(error);
    }

    /**
     * The plugin was installed but does not resolve until the policy grants a permission; it
     * shows as installed, with why, until it is started again.
     */
    void awaitGrant(String error) {
        lifecycle.awaitGrant(error);
    }

    /** Records a task or lifecycle error without failing the plugin. */
    void noteError(String error) {
        lifecycle.noteError(error);
    }

    /**
     * Waits until the plugin is active, failed or stopped, at most {@code timeout}; returns the
     * state then, as operators see it.
     */
    PluginState awaitSettled(Duration timeout) throws InterruptedException {
        return lifecycle.awaitSettled(timeout).shown();
    }

    /** What operators see of the plugin, with the permissions wired to its bundle. */
    PluginInfo info() {
        return info(PluginExtender.grantedPermissions(bundle));
    }

    PluginInfo info(Set<String> granted) {
        PluginDescriptor d = check.descriptor();
        PluginLifecycle.Snapshot now = lifecycle.snapshot();
        PluginState currentState = now.state().shown();
        String error = now.lastError();
        if (d == null) {
            return new PluginInfo(bundle.getBundleId(), pluginId(), "", "", "", currentState,
                    String.valueOf(bundle.getHeaders("").get("Bundle-Name")), "", "", bundle.getLocation(),
                    java.util.List.of(), java.util.List.of(), java.util.List.of(), granted, 0, 0, 0, error,
                    queue.metrics(), java.util.List.of(), java.util.List.of());
        }
        return new PluginInfo(bundle.getBundleId(), pluginId(), d.version(), d.type(), d.securityLevel(), currentState,
                d.name(), d.description(), d.vendor(), bundle.getLocation(), d.capabilities(),
                d.requiredPermissions(), d.optionalPermissions(), granted, d.memory(), d.cpu(), d.storage(), error,
                queue.metrics(), PluginServices.hooks(bundle), PluginServices.endpoints(bundle), d.taskTypes(),
                queue.lostThreads());
    }
}
