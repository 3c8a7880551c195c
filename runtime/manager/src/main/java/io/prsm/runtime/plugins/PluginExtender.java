package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.Plugin;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.storage.PluginIdentities;
import io.prsm.runtime.tasks.TaskExecutors;

/**
 * The extender: tracks bundles that declare a {@code prsm.plugin} capability, checks their
 * manifests, gives each a record with its task queue and lifecycle, and pairs each with the
 * {@link Plugin} service it registers; {@link PluginInstances} initializes and shuts the instance
 * down.
 *
 * <p>Concurrent semantics: thread-safe. Tracker callbacks arrive on framework threads; records
 * live in a concurrent map; a stop waits on plugin code at most the drain time (see
 * {@link PluginInstances}).
 */
public final class PluginExtender {

    private static final Logger LOG = LoggerFactory.getLogger(PluginExtender.class);
    private static final String PERMISSION_NAMESPACE = ManifestValidator.PERMISSION_NAMESPACE;

    private final BundleContext context;
    private final ManifestValidator validator;
    private final TaskExecutors executors;
    private final PluginIdentities identities;
    private final PlatformAudit audit;
    private final ConcurrentMap<Long, PluginRecord> records = new ConcurrentHashMap<>();
    private final PluginInstances instances;
    private final BundleTracker<PluginRecord> bundles;
    private final ServiceTracker<Plugin, PluginRecord> services;

    public PluginExtender(BundleContext context, ManifestValidator validator, TaskExecutors executors,
            PluginConfigurations configurations, PluginIdentities identities, PlatformAudit audit) {
        this.context = context;
        this.identities = identities;
        this.audit = audit;
        this.validator = validator;
        this.executors = executors;
        this.instances = new PluginInstances(executors, configurations, identities, audit);
        int states = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;
        this.bundles = new BundleTracker<>(context, states, new BundleCustomizer());
        this.services = new ServiceTracker<>(context, Plugin.class, new ServiceCustomizer());
    }

    public void open() {
        bundles.open();
        services.open();
    }

    /** Shuts every plugin down (services first, so each is drained and shut down), then forgets them. */
    public void close() {
        services.close();
        bundles.close();
    }

    List<PluginRecord> records() {
        List<PluginRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparingLong(record -> record.bundle().getBundleId()));
        return all;
    }

    Optional<PluginRecord> byBundleId(long bundleId) {
        return Optional.ofNullable(records.get(bundleId));
    }

    /** Records whose plugin id is {@code pluginId}; more than one only while a bundle is replaced. */
    List<PluginRecord> byPluginId(String pluginId) {
        return records().stream().filter(record -> record.pluginId().equals(pluginId)).toList();
    }

    /**
     * Why {@code bundle} may not be plugin {@code pluginId}: the id belongs to another bundle's data
     * (see {@link PluginIdentities}); empty when it may.
     */
    Optional<String> identityConflict(Bundle bundle, String pluginId) {
        return identities.conflict(pluginId, String.valueOf(bundle.getSymbolicName()), signers(bundle));
    }

    private static Set<String> signers(Bundle bundle) {
        return io.prsm.platform.PlatformBundles.signers(bundle);
    }

    /** The permissions wired to the plugin's bundle: mandatory ones and granted optional ones. */
    static Set<String> grantedPermissions(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        Set<String> granted = new LinkedHashSet<>();
        if (wiring == null) {
            return granted;
        }
        for (BundleWire wire : wiring.getRequiredWires(PERMISSION_NAMESPACE)) {
            Object name = wire.getCapability().getAttributes().get(PERMISSION_NAMESPACE);
            if (name != null) {
                granted.add(name.toString());
            }
        }
        return granted;
    }

    static Map<String, String> rawHeaders(Bundle bundle) {
        Dictionary<String, String> headers = bundle.getHeaders("");
        Map<String, String> copy = new HashMap<>();
        for (Enumeration<String> keys = headers.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, headers.get(key));
        }
        return copy;
    }

    private final class BundleCustomizer implements BundleTrackerCustomizer<PluginRecord> {

        @Override
        public PluginRecord addingBundle(Bundle bundle, BundleEvent event) {
            Map<String, String> headers = rawHeaders(bundle);
            if (!ManifestValidator.declaresPlugin(headers)) {
                return null;
            }
            PluginRecord record = new PluginRecord(bundle, validator.check(headers));
            long memory = record.check().descriptor() == null ? 0 : record.check().descriptor().memory();
            // the lifecycle puts the queue in its mode: a resolved plugin (started, or due to start once its
            // start level is reached) holds tasks for it; a refused one answers them with why
            record.useQueue(executors.newQueue(record.pluginId(), memory,
                    reason -> record.lifecycle().guards().quarantine(reason),
                    refusal -> audit.denied(record.pluginId(), bundle.getBundleId(), "tasks", "answer", refusal),
                    stopped -> audit.denied(record.pluginId(), bundle.getBundleId(), "containment", "run", stopped)));
            if (!record.check().valid()) {
                LOG.warn("Bundle {} ({}) is refused as a plugin: {}", bundle.getBundleId(), bundle.getSymbolicName(),
                        record.lastError());
            }
            records.put(bundle.getBundleId(), record);
            return record;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, PluginRecord record) {
            if (event != null && event.getType() == BundleEvent.UPDATED) {
                record.recheck(validator.check(rawHeaders(bundle)));
            } else if (event != null && event.getType() == BundleEvent.STARTING) {
                record.restarting();
            } else {
                record.bundleChanged();
            }
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, PluginRecord record) {
            records.remove(bundle.getBundleId(), record);
            record.lifecycle().uninstalled("Plugin '" + record.pluginId() + "' was uninstalled.");
        }
    }

    private final class ServiceCustomizer implements ServiceTrackerCustomizer<Plugin, PluginRecord> {

        @Override
        public PluginRecord addingService(ServiceReference<Plugin> reference) {
            Bundle owner = reference.getBundle();
            PluginRecord record = owner == null ? null : records.get(owner.getBundleId());
            if (record == null) {
                LOG.warn("Bundle {} registers an io.prsm.api.Plugin service but declares no prsm.plugin capability; "
                        + "the service is ignored. Annotate the plugin class with @PrsmPlugin.",
                        owner == null ? "?" : owner.getSymbolicName());
                return null;
            }
            if (!record.check().valid()) {
                return null;
            }
            Plugin plugin = context.getService(reference);
            if (plugin == null) {
                record.fail("The io.prsm.api.Plugin service of bundle " + owner.getBundleId()
                        + " could not be obtained (its component failed to activate; see the log).");
                return null;
            }
            if (!record.attach(plugin)) {
                if (record.isFailed()) {
                    LOG.info("Plugin '{}' has failed; its io.prsm.api.Plugin service is not used until it is started "
                            + "again with prsm:start {}.", record.pluginId(), record.pluginId());
                } else {
                    LOG.warn("Plugin '{}' registers more than one io.prsm.api.Plugin service; only the first is used.",
                            record.pluginId());
                }
                context.ungetService(reference);
                return null;
            }
            instances.start(record, plugin);
            return record;
        }

        @Override
        public void modifiedService(ServiceReference<Plugin> reference, PluginRecord record) {
            // a changed service property changes nothing the runtime uses
        }

        @Override
        public void removedService(ServiceReference<Plugin> reference, PluginRecord record) {
            String pluginId = record.pluginId();
            // in a swap, tasks wait for the next instance; otherwise they are refused with this
            record.lifecycle().serviceRemoved("Plugin '" + pluginId + "' was stopped. Start it with prsm:start "
                    + pluginId + ".");
            try {
                instances.stop(record);
            } finally {
                context.ungetService(reference);
            }
        }
    }
}
