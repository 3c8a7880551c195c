package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.Plugin;
import io.prsm.api.StatefulPlugin;
import io.prsm.limits.PluginThrowables;
import io.prsm.platform.PlatformBundles;
import io.prsm.runtime.config.ConfigLayers;
import io.prsm.runtime.config.ConfigurationException;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.storage.PluginIdentities;
import io.prsm.runtime.tasks.PluginCall;
import io.prsm.runtime.tasks.TaskExecutors;

/**
 * The instances of plugins, from the extender's pairing of a record with its {@link Plugin}
 * service to the end of its shutdown: {@code initialize} runs on one of the plugin's own task
 * threads (never a shared one) under the task deadline, with its
 * identity, configuration and granted permissions; when the service goes away the running tasks
 * drain and {@code shutdown} runs. Every wait on plugin code is bounded by the drain time, so a
 * plugin that hangs cannot hang a stop.
 *
 * <p>Concurrent semantics: thread-safe and stateless apart from its collaborators; initialize and
 * shutdown of one plugin are serialized by the record's initialize lock, so a plugin stopped while
 * it initializes is shut down only after.
 */
final class PluginInstances {

    private static final Logger LOG = LoggerFactory.getLogger(PluginExtender.class);

    private final TaskExecutors executors;
    private final PluginConfigurations configurations;
    private final PluginIdentities identities;
    private final PlatformAudit audit;

    PluginInstances(TaskExecutors executors, PluginConfigurations configurations, PluginIdentities identities,
            PlatformAudit audit) {
        this.executors = executors;
        this.configurations = configurations;
        this.identities = identities;
        this.audit = audit;
    }

    /**
     * Initializes {@code plugin}, just attached to {@code record}, on one of the plugin's own task
     * threads, stopped as a task is if it has not returned within the task deadline: a hanging
     * initialize holds none of the runtime's shared threads.
     */
    void start(PluginRecord record, Plugin plugin) {
        Duration deadline = executors.settings().timeout();
        try {
            record.initializing(record.queue().call("initialize", () -> initialize(record, plugin), deadline,
                    "it did not return within " + seconds(deadline) + " s (prsm.task.timeout) and was stopped"));
        } catch (RejectedExecutionException shuttingDown) {
            record.fail("The runtime is shutting down.");
        }
    }

    /**
     * The plugin's service went away (its lifecycle was told first): an initialize still running is
     * interrupted, running tasks drain, and the instance, detached, is shut down if it initialized.
     */
    void stop(PluginRecord record) {
        String pluginId = record.pluginId();
        String stopped = "it was still running when plugin '" + pluginId + "' was stopped";
        if (record.interruptInitialize(stopped)) {
            LOG.warn("Plugin '{}' was stopped while it was still initializing; initialize was interrupted",
                    pluginId);
        }
        boolean locked = lockLifecycle(record);
        try {
            drain(record);
            Plugin plugin = record.detach();
            if (plugin != null) {
                shutdown(record, plugin);
            }
        } finally {
            if (locked) {
                record.initializeLock().unlock();
            }
        }
    }

    /**
     * Waits, at most the drain time, for an initialize to give up the lifecycle lock. A plugin that
     * ignores the interrupt must not stop the framework from stopping it; it is then detached
     * without its shutdown (it never finished initializing).
     */
    private boolean lockLifecycle(PluginRecord record) {
        try {
            if (record.initializeLock().tryLock(executors.settings().drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("Plugin '{}' did not leave initialize within {}; it is stopped without waiting for it",
                    record.pluginId(), executors.settings().drainTimeout());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Calls shutdown on one of the plugin's own task threads, waiting at most the drain time (and
     * stopping it at the task deadline): a hanging plugin cannot block a stop.
     */
    private void shutdown(PluginRecord record, Plugin plugin) {
        String pluginId = record.pluginId();
        Duration drain = executors.settings().drainTimeout();
        Runnable shutdown = () -> {
            try {
                ownContextLoader(plugin, plugin::shutdown);
            } catch (RuntimeException | Error failure) {
                LOG.warn("Plugin '{}' threw from shutdown; ignored: {}", pluginId, PluginThrowables.trace(failure).text());
            }
        };
        PluginCall call;
        try {
            call = record.queue().call("shutdown", shutdown, executors.settings().timeout(), "it did not return "
                    + "within " + seconds(executors.settings().timeout()) + " s (prsm.task.timeout) and was stopped");
        } catch (RejectedExecutionException shuttingDown) {
            shutdown.run();
            return;
        }
        try {
            String late = "it did not return within " + drain.toMillis() + " ms (prsm.task.drain) and was stopped";
            if (!call.await(drain) && call.stop(late)) {
                LOG.warn("Plugin '{}' did not finish shutdown within {}; stopped and left behind", pluginId, drain);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long seconds(Duration duration) {
        return Math.max(1, Math.round(duration.toMillis() / 1000.0));
    }

    private void drain(PluginRecord record) {
        try {
            if (!record.queue().awaitIdle(executors.settings().drainTimeout())) {
                LOG.warn("Plugin '{}' still runs tasks after {}; stopping them and shutting it down", record.pluginId(),
                        executors.settings().drainTimeout());
                record.queue().stopRunning("Plugin '" + record.pluginId() + "' was stopped while the task still ran "
                        + "after " + executors.settings().drainTimeout().toMillis() + " ms of draining.");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the plugin's {@code body} with its own class loader as the thread's context loader: the
     * runtime's, which the thread has otherwise, would let the plugin load the runtime's private classes.
     */
    private static <E extends Exception> void ownContextLoader(Plugin plugin, PluginBody<E> body) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader platform = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin.getClass().getClassLoader());
        try {
            body.run();
        } finally {
            thread.setContextClassLoader(platform);
        }
    }

    /** What {@link #ownContextLoader} runs: a call into the plugin. */
    @FunctionalInterface
    private interface PluginBody<E extends Exception> {
        void run() throws E;
    }

    private void initialize(PluginRecord record, Plugin plugin) {
        record.initializeLock().lock();
        try {
            // the runtime holds this line alone too: a bundle that borrows an id gets none of its data
            Optional<String> taken = identities.conflict(record.pluginId(),
                    String.valueOf(record.bundle().getSymbolicName()), PlatformBundles.signers(record.bundle()));
            if (taken.isPresent()) {
                audit.denied(record.pluginId(), record.bundle().getBundleId(), "identity", "start as plugin "
                        + record.pluginId(), taken.get());
                throw new ConfigurationException(taken.get());
            }
            identities.claim(record.pluginId(), String.valueOf(record.bundle().getSymbolicName()),
                    PlatformBundles.signers(record.bundle()));
            ConfigLayers layers = configurations.load(record.bundle(), record.pluginId());
            List<String> problems = layers.problems();
            if (!problems.isEmpty()) {
                throw new ConfigurationException("its configuration is invalid: " + String.join("; ", problems));
            }
            RuntimePluginConfig config = new RuntimePluginConfig(record.check().descriptor(), layers,
                    PluginExtender.grantedPermissions(record.bundle()));
            ownContextLoader(plugin, () -> plugin.initialize(config));
            record.configured(layers);
            Map<String, Object> handover = record.lifecycle().swap().handover();
            if (handover != null && plugin instanceof StatefulPlugin stateful) {
                stateful.importState(handover);
            }
            if (record.lifecycle().activated(plugin)) {
                LOG.info("Plugin '{}' {} is active", record.pluginId(), record.check().descriptor().version());
            }
        } catch (Exception | Error failure) {
            // the plugin's throwable is its code: only guarded words of it are read
            String stop = record.initializeStop();
            String reason = stop != null ? stop : failure instanceof ConfigurationException
                    ? String.valueOf(failure.getMessage()) : PluginThrowables.message(failure).text();
            boolean swapping = record.lifecycle().swap().active();
            // in a swap, the old version is put back and serves: advice to start it would contradict that
            String advice = swapping ? ""
                    : " Fix the cause (configuration, permissions), then start it with prsm:start " + record.pluginId()
                            + ".";
            String error = "Plugin '" + record.pluginId() + "' failed to initialize: "
                    + (reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason) + "." + advice;
            if (record.initializeInterrupted()) {
                // the stop that interrupted it has said so already; its stack trace tells nothing
                LOG.debug("{}\n{}", error, PluginThrowables.trace(failure).text());
            } else if (swapping) {
                // a swap: its caller is told (with the rollback), so the console need not say it first
                LOG.info("{}\n{}", error, PluginThrowables.trace(failure).text());
            } else if (failure instanceof ConfigurationException) {
                // the message says which file or value is wrong; a stack trace would only hide it
                LOG.warn(error);
            } else {
                LOG.warn("{}\n{}", error, PluginThrowables.trace(failure).text());
            }
            // in a swap the queue keeps holding and the swap rolls back; otherwise it refuses tasks with this
            record.fail(error);
        } finally {
            record.initializeLock().unlock();
        }
    }

}
