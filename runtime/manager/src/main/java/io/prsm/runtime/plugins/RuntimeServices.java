package io.prsm.runtime.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.PluginStorage;
import io.prsm.api.ServiceProperties;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.RuntimeSnapshot;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.platform.PluginValidator;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.metrics.IntervalLatencies;
import io.prsm.runtime.metrics.JvmProbe;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.storage.PluginStorageFactory;
import io.prsm.runtime.storage.StorageCipher;
import io.prsm.runtime.storage.StorageGrant;

/**
 * The services the plugin manager offers besides {@code PluginManager}, each with its own
 * properties, so registered by hand: the read-only {@link RuntimeStatistics}, each plugin's
 * {@link PluginStorage} (only a valid plugin whose id is its own gets one), the gatekeeper's
 * {@link PluginValidator} rules, the console's {@link IntervalLatencies}, and the listener that applies configuration changes made
 * outside {@code prsm:config}.
 *
 * <p>Concurrent semantics: thread-safe; {@link #open} and {@link #close} once each, by the manager.
 */
final class RuntimeServices {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeServices.class);

    private final BundleContext context;
    private final PluginExtender extender;
    private final InstallChecks checks;
    private final PluginConfigurator configurator;
    private final ExecutorService workers;
    private final JvmProbe jvm = new JvmProbe();
    private final Instant startedAt = Instant.now();
    /** PRSM's version, as --version shows it (not the plugin contract's {@link PluginManagerImpl#RUNTIME_VERSION}). */
    private final String productVersion = ProductVersion.read();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    RuntimeServices(BundleContext context, PluginExtender extender, InstallChecks checks,
            PluginConfigurator configurator, ExecutorService workers) {
        this.context = context;
        this.extender = extender;
        this.checks = checks;
        this.configurator = configurator;
        this.workers = workers;
    }

    /** Registers the services, each with its own properties. */
    void open() {
        registrations.add(context.registerService(ConfigurationListener.class, this::configurationChanged, null));
        Dictionary<String, Object> statisticsProperties = new Hashtable<>();
        statisticsProperties.put(ServiceProperties.PERMISSION, RuntimeStatistics.PERMISSION);
        registrations.add(context.registerService(RuntimeStatistics.class, this::snapshot, statisticsProperties));
        Dictionary<String, Object> storageProperties = new Hashtable<>();
        storageProperties.put(ServiceProperties.OFFERED_TO_PLUGINS, Boolean.TRUE);
        registrations.add(context.registerService(PluginStorage.class,
                new PluginStorageFactory(storageRoot(context), this::storageGrantOf, storageCipher(context)),
                storageProperties));
        registrations.add(context.registerService(PluginValidator.class, checks::rulesFor, null));
        registrations.add(context.registerService(IntervalLatencies.class, this::takeIntervals, null));
    }

    /** Unregisters them, last first. */
    void close() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            registrations.get(i).unregister();
        }
        registrations.clear();
    }

    /** Configuration Admin changed a plugin's PID, perhaps through another client than prsm:config. */
    private void configurationChanged(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || !pid.startsWith(PluginConfigurations.PID_PREFIX)) {
            return;
        }
        String pluginId = pid.substring(PluginConfigurations.PID_PREFIX.length());
        for (PluginRecord record : extender.byPluginId(pluginId)) {
            workers.execute(() -> configurator.overridesChanged(record));
        }
    }

    /** What the runtime measured now; offered to plugins as {@link RuntimeStatistics}. */
    /** The latencies each plugin's tasks finished with since the previous call, for the console's charts. */
    private Map<String, long[]> takeIntervals() {
        Map<String, long[]> taken = new LinkedHashMap<>();
        extender.records().forEach(record -> taken.put(record.pluginId(), record.queue().recorder().takeInterval()));
        return taken;
    }

    RuntimeSnapshot snapshot() {
        List<PluginRecord> records = extender.records();
        List<PluginInfo> plugins = records.stream().map(PluginRecord::info).toList();
        List<TaskMetrics> recorders = records.stream().map(record -> record.queue().recorder()).toList();
        List<PluginMetrics> metrics = plugins.stream().map(PluginInfo::metrics).toList();
        return new RuntimeSnapshot(Instant.now(), startedAt, productVersion, plugins,
                TaskMetrics.total(recorders, metrics), jvm.measure());
    }

    /** A valid plugin's store; none for a bundle whose plugin id belongs to another bundle's data. */
    private StorageGrant storageGrantOf(Bundle bundle) {
        return extender.byBundleId(bundle.getBundleId()).filter(record -> record.check().valid())
                .filter(record -> {
                    Optional<String> taken = extender.identityConflict(bundle, record.pluginId());
                    taken.ifPresent(reason -> LOG.warn("Bundle {} gets no PluginStorage: {}", bundle.getBundleId(),
                            reason));
                    return taken.isEmpty();
                })
                .map(record -> new StorageGrant(record.pluginId(), record.check().descriptor().storage()))
                .orElse(null);
    }

    /**
     * AES-GCM for plugin data when {@code prsm.storage.encrypt} is true, with the key in
     * {@code keys/storage.key} of the storage folder, outside every plugin's data area.
     */
    private static StorageCipher storageCipher(BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty("prsm.storage.encrypt"))) {
            return StorageCipher.NONE;
        }
        Path keyFile = storageFolder(context).resolve("keys").resolve("storage.key");
        try {
            return StorageCipher.withKeyFile(keyFile);
        } catch (IOException e) {
            throw new IllegalStateException("Plugin storage encryption is on, but its key cannot be used: "
                    + e.getMessage(), e);
        }
    }

    static Path storageRoot(BundleContext context) {
        return storageFolder(context).resolve("plugins");
    }

    /** The storage folder ({@code prsm.storage}), or this bundle's data area where none is set. */
    static Path storageFolder(BundleContext context) {
        String storage = context.getProperty("prsm.storage");
        if (storage != null && !storage.isBlank()) {
            return Path.of(storage);
        }
        return context.getDataFile("").toPath();
    }
}
