package io.prsm.runtime.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.Plugin;
import io.prsm.api.PluginException;
import io.prsm.api.StatefulPlugin;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;
import io.prsm.runtime.plugins.lifecycle.LifecycleState;
import io.prsm.runtime.plugins.lifecycle.LifecycleSwap;

/**
 * Hot-swaps one plugin as a transaction. New tasks are held (not refused) from the start; running
 * tasks finish within the drain time; the old instance's state is exported; the bundle is stopped
 * (transiently), updated in place (same bundle id, same task queue and metrics), its old revision
 * refreshed away when something still holds it, and started once; the new instance imports the
 * state during its initialize, before its first task. Any failure restores a snapshot of the old bundle content with its state,
 * and the held tasks run on it.
 *
 * <p>Concurrent semantics: {@link #swap} calls are serialized on the instance; the plugin's tasks
 * keep flowing into its queue meanwhile.
 */
final class PluginSwapper {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSwapper.class);

    private final BundleContext context;
    private final Duration drain;
    private final Duration activation;

    PluginSwapper(BundleContext context, Duration drain, Duration activation) {
        this.context = context;
        this.drain = drain;
        this.activation = activation;
    }

    synchronized SwapReport swap(PluginRecord record, PluginJar jar) throws PluginOperationException {
        Bundle bundle = record.bundle();
        String pluginId = record.pluginId();
        String oldVersion = record.check().descriptor().version();
        byte[] old;
        try {
            old = BundleSnapshot.of(bundle);
        } catch (IOException e) {
            throw new PluginOperationException("Cannot keep a copy of plugin '" + pluginId + "' " + oldVersion
                    + " to roll back to (" + e.getMessage() + "); nothing was changed.");
        }
        long pausedAt = System.nanoTime();
        LifecycleSwap swap = record.lifecycle().swap();
        Plugin current = record.instance();
        // a plugin that is not serving (stopped, failed) gets the new version and stays as it was;
        // one that serves holds its tasks from here until an instance serves again
        boolean serving = swap.begin();
        try {
            if (serving && !record.queue().awaitIdle(drain)) {
                swap.resume();
                throw new PluginOperationException("Plugin '" + pluginId + "' still runs tasks after "
                        + drain.toSeconds() + " s; the swap is abandoned and " + oldVersion
                        + " keeps serving. Retry when it is less busy, or raise prsm.task.drain.");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            swap.resume();
            throw new PluginOperationException("Interrupted while draining plugin '" + pluginId + "'.");
        }
        Map<String, Object> state;
        try {
            state = serving && current instanceof StatefulPlugin stateful ? stateful.exportState() : null;
        } catch (PluginException | RuntimeException e) {
            swap.resume();
            throw new PluginOperationException("Plugin '" + pluginId + "' " + oldVersion + " could not export its "
                    + "state (" + e.getMessage() + "); the swap is abandoned and it keeps serving.");
        }
        if (serving) {
            swap.handOver(state);
        }
        String ended = null;
        try {
            String failure = replace(bundle, jar.content(), record, serving);
            if (failure == null) {
                String newVersion = record.check().descriptor().version();
                long pause = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
                LOG.info("Swapped plugin '{}' from {} to {} (tasks held {} ms)", pluginId, oldVersion, newVersion,
                        pause);
                return new SwapReport(pluginId, bundle.getBundleId(), oldVersion, newVersion, pause, state != null);
            }
            String rollback = replace(bundle, old, record, serving);
            long pause = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
            if (rollback == null) {
                throw new PluginOperationException("Swap of plugin '" + pluginId + "' to " + jar.location()
                        + " failed: " + failure + " Rolled back to " + oldVersion + ", which serves again"
                        + (state == null ? "" : " with its state") + " (tasks held " + pause + " ms, none lost).");
            }
            ended = "Plugin '" + pluginId + "' could not be restored after a failed swap: " + rollback;
            throw new PluginOperationException("Swap of plugin '" + pluginId + "' failed (" + failure
                    + ") and restoring " + oldVersion + " failed too (" + rollback + "). Reinstall the plugin.");
        } finally {
            // a swap that left no instance serving fails the plugin, so its tasks are refused, not held
            swap.end(ended != null ? ended : "Plugin '" + pluginId + "' was left without a serving "
                    + "instance by a swap that ended unexpectedly. Start it with prsm:start " + pluginId + ".");
        }
    }

    /**
     * Puts {@code content} in place and, for a plugin that was serving, waits for it to be active
     * again; returns why not, or null.
     */
    private String replace(Bundle bundle, byte[] content, PluginRecord record, boolean serving) {
        try {
            // stopped first, so update does not start the new revision and a refresh does not start it
            // again: exactly one new instance is started, and it alone receives the state
            if (serving) {
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
            bundle.update(new ByteArrayInputStream(content));
            refreshIfStale(bundle);
            if (!serving) {
                return null;
            }
            bundle.start(Bundle.START_TRANSIENT);
        } catch (BundleException | IllegalStateException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return String.valueOf(e.getMessage());
        }
        try {
            LifecycleState state = record.lifecycle().awaitSettled(activation);
            if (state == LifecycleState.ACTIVE) {
                return null;
            }
            return record.lastError() != null ? record.lastError()
                    : "it did not become active within " + activation.toSeconds() + " s (state "
                            + state.name().toLowerCase(java.util.Locale.ROOT) + ").";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for it to start.";
        }
    }

    /** Refreshes the bundle when its old revision is still in use, so its class loader can go. */
    private void refreshIfStale(Bundle bundle) throws InterruptedException {
        if (bundle.adapt(BundleRevisions.class).getRevisions().size() < 2) {
            return;
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(Set.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        });
        refreshed.await(activation.toMillis(), TimeUnit.MILLISECONDS);
    }

}
