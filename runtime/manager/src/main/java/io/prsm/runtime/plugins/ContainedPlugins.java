package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.PluginState;
import io.prsm.platform.PlatformBundles;
import io.prsm.platform.PluginContainment;
import io.prsm.runtime.containment.CollectionWatch;
import io.prsm.runtime.containment.GuardedPlugins;
import io.prsm.runtime.containment.PluginUse;
import io.prsm.runtime.metrics.ThreadResources;

/**
 * The plugins as containment sees them: what each used (its tasks, from its queue's metrics, and
 * the threads it started, from the gatekeeper's {@link PluginContainment}), and the quarantine that
 * also releases a plugin's memory: the plugin is failed with the reason and its queue closed, its
 * running code stopped, its bundle stopped (which stops the threads it started) and refreshed, so
 * that nothing keeps its class loader, and the static data it holds, from being collected.
 *
 * <p>Concurrent semantics: thread-safe; reads the extender's records and the framework.
 */
final class ContainedPlugins implements GuardedPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(ContainedPlugins.class);

    private final BundleContext context;
    private final PluginExtender extender;
    private final PlatformAudit audit;
    private final ThreadResources resources;
    private final long refreshTimeoutMillis;
    private final ServiceTracker<PluginContainment, PluginContainment> gatekeeper;

    ContainedPlugins(BundleContext context, PluginExtender extender, PlatformAudit audit, ThreadResources resources,
            long refreshTimeoutMillis) {
        this.context = context;
        this.extender = extender;
        this.audit = audit;
        this.resources = resources;
        this.refreshTimeoutMillis = refreshTimeoutMillis;
        this.gatekeeper = new ServiceTracker<>(context, PluginContainment.class, null) {
            @Override
            public PluginContainment addingService(ServiceReference<PluginContainment> reference) {
                // only the gatekeeper's count is believed: a plugin could offer one that hides its threads
                return PlatformBundles.registeredByPlatform(reference) ? super.addingService(reference) : null;
            }
        };
    }

    void open() {
        gatekeeper.open();
    }

    void close() {
        gatekeeper.close();
    }

    @Override
    public List<PluginUse> running() {
        List<PluginUse> uses = new ArrayList<>();
        for (PluginRecord record : extender.records()) {
            if (record.state() == PluginState.ACTIVE) {
                uses.add(use(record));
            }
        }
        return uses;
    }

    private PluginUse use(PluginRecord record) {
        PluginMetrics tasks = record.queue().metrics();
        long allocated = tasks.allocatedBytes();
        long cpu = tasks.cpuNanos();
        for (Thread thread : startedBy(record.bundle())) {
            allocated = add(allocated, resources.allocatedBytes(thread));
            cpu = add(cpu, resources.cpuNanos(thread));
        }
        double share = record.check().descriptor() == null ? 0 : record.check().descriptor().cpu();
        return new PluginUse(record.pluginId(), record.bundle().getBundleId(), allocated, cpu, share);
    }

    /** The threads the plugin started that still run; none known without the gatekeeper. */
    List<Thread> startedBy(Bundle bundle) {
        PluginContainment counted = gatekeeper.getService();
        return counted == null ? List.of() : counted.threadsStartedBy(bundle);
    }

    private static long add(long sum, long more) {
        return more < 0 ? sum : Math.max(sum, 0) + more;
    }

    @Override
    public void quarantine(PluginUse plugin, String reason) {
        extender.byBundleId(plugin.bundleId()).ifPresent(record -> quarantine(record, "use CPU", reason));
    }

    @Override
    public boolean throttle(PluginUse plugin, String reason) {
        PluginRecord record = extender.byBundleId(plugin.bundleId()).orElse(null);
        if (record == null || !record.lifecycle().guards().throttle(
                () -> audit.denied(plugin.pluginId(), plugin.bundleId(), "containment", "use CPU", reason))) {
            LOG.debug("Plugin '{}' is not throttled: it is no longer active", plugin.pluginId());
            return false;
        }
        return true;
    }

    @Override
    public boolean resume(PluginUse plugin, String reason) {
        PluginRecord record = extender.byBundleId(plugin.bundleId()).orElse(null);
        return record != null && record.lifecycle().guards().unthrottle(
                () -> audit.granted(plugin.pluginId(), plugin.bundleId(), "containment", "use CPU", reason));
    }

    @Override
    public boolean quarantineOverCpuShare() {
        PluginContainment policy = gatekeeper.getService();
        return policy != null && policy.quarantineOverCpuShare();
    }

    /**
     * Quarantines the plugin through its lifecycle with {@code reason}, audited as a refused
     * {@code request}: its queue closes and its running code stops.
     */
    private void quarantine(PluginRecord record, String request, String reason) {
        audit.denied(record.pluginId(), record.bundle().getBundleId(), "containment", request, reason);
        if (!record.lifecycle().guards().quarantine(reason)) {
            // stopping or swapping already: whatever of it still runs stops too
            record.queue().stopRunning(reason);
        }
    }

    @Override
    public void hold(PluginUse plugin) {
        extender.byBundleId(plugin.bundleId()).ifPresent(record -> record.lifecycle().guards().holdForMemoryCheck());
    }

    @Override
    public void release(PluginUse plugin) {
        extender.byBundleId(plugin.bundleId()).ifPresent(record -> record.lifecycle().guards().endMemoryCheck());
    }

    @Override
    public boolean quarantineAndRelease(PluginUse plugin, String reason) {
        PluginRecord record = extender.byBundleId(plugin.bundleId()).orElse(null);
        if (record == null) {
            return false; // uninstalled meanwhile: its memory goes with it, but not yet seen gone
        }
        Bundle bundle = record.bundle();
        CollectionWatch loader = watchClassLoaderOf(bundle);
        quarantine(record, "hold memory", reason);
        try {
            // transient: a restart of the runtime starts it afresh, as after any quarantine
            bundle.stop(Bundle.STOP_TRANSIENT);
        } catch (BundleException | IllegalStateException stopFailed) {
            LOG.warn("Plugin '{}' did not stop cleanly for the low-memory guard", plugin.pluginId(), stopFailed);
        }
        if (!refreshAndWait(bundle)) {
            LOG.warn("The refresh of plugin '{}' did not end within {} ms; its memory may stay held until it does",
                    plugin.pluginId(), refreshTimeoutMillis);
            return false;
        }
        boolean released = awaitCollected(loader);
        if (released) {
            audit.granted(plugin.pluginId(), plugin.bundleId(), "containment", "refresh bundle",
                    "quarantined by the low-memory guard; its bundle is refreshed, so its class loader and static "
                            + "data are released");
        } else {
            audit.denied(plugin.pluginId(), plugin.bundleId(), "containment", "refresh bundle", "quarantined by the "
                    + "low-memory guard and its bundle refreshed, but its class loader was still reachable "
                    + refreshTimeoutMillis + " ms later (a thread of it that did not stop, or a reference the runtime "
                    + "does not know of): its memory is still held; restart the runtime to release it");
        }
        return released;
    }

    /**
     * A watch on the class loader of the bundle's current revision, taken in a method of its own
     * so that no frame of the guard's thread keeps the loader itself.
     */
    private static CollectionWatch watchClassLoaderOf(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        return loader == null ? null : new CollectionWatch(loader);
    }

    private boolean awaitCollected(CollectionWatch loader) {
        if (loader == null) {
            return true; // never resolved: it had no class loader to hold anything
        }
        try {
            return loader.awaitCollected(Duration.ofMillis(refreshTimeoutMillis));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean refreshAndWait(Bundle bundle) {
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.refreshBundles(Set.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        try {
            return refreshed.await(refreshTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
