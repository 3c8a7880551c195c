package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.PluginState;

/**
 * Tells code outside the framework (the batch mode, the test harness) when the plugins that came
 * back from the bundle cache have settled: once the framework has reached its start level, it
 * waits for every plugin whose bundle is active to finish initializing (or fail), then registers a
 * marker service with {@value #READY}{@code =true}. Without it a script's first command could see
 * a plugin still initializing.
 *
 * <p>Concurrent semantics: thread-safe; the wait runs on a runtime worker, once.
 */
final class RuntimeReadiness implements FrameworkListener {

    /** The marker service property. */
    static final String READY = "prsm.plugins.ready";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeReadiness.class);

    private final BundleContext context;
    private final PluginExtender extender;
    private final ExecutorService workers;
    private final Duration timeout;
    private volatile boolean settling;
    private volatile ServiceRegistration<RuntimeReadiness> marker;

    RuntimeReadiness(BundleContext context, PluginExtender extender, ExecutorService workers, Duration timeout) {
        this.context = context;
        this.extender = extender;
        this.workers = workers;
        this.timeout = timeout;
    }

    void open() {
        context.addFrameworkListener(this);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            // the manager started after the framework did (a restart of this bundle, an embedding host)
            settle();
        }
    }

    void close() {
        context.removeFrameworkListener(this);
        ServiceRegistration<RuntimeReadiness> registered = marker;
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and took it down
            }
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) {
            settle();
        }
    }

    private synchronized void settle() {
        if (settling) {
            return;
        }
        settling = true;
        try {
            workers.execute(this::awaitPlugins);
        } catch (RejectedExecutionException stopping) {
            settling = false;
        }
    }

    private void awaitPlugins() {
        try {
            for (PluginRecord record : extender.records()) {
                PluginState state = record.state();
                boolean underWay = state == PluginState.RESOLVED || state == PluginState.INITIALIZED;
                if (record.check().valid() && underWay && record.bundle().getState() == Bundle.ACTIVE
                        && record.awaitSettled(timeout) != PluginState.ACTIVE) {
                    LOG.warn("Plugin '{}' did not become active at start: {}", record.pluginId(), record.lastError());
                }
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(READY, Boolean.TRUE);
            marker = context.registerService(RuntimeReadiness.class, this, properties);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException stopping) {
            // the bundle stopped while plugins were settling
        }
    }
}
