package io.prsm.runtime.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginStorage;
import io.prsm.api.SecurityLevel;
import io.prsm.api.ServiceProperties;
import io.prsm.api.Task;
import io.prsm.api.runtime.ConfigValue;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.api.runtime.SwapReport;
import io.prsm.api.runtime.ValidationReport;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.containment.ContainmentView;
import io.prsm.runtime.containment.CpuShareGuard;
import io.prsm.runtime.containment.LowMemoryGuard;
import io.prsm.runtime.metrics.JvmProbe;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.platform.PlatformActs;
import io.prsm.platform.JarSigners;
import io.prsm.platform.PlatformBundles;
import io.prsm.platform.PluginValidator;
import io.prsm.platform.PluginVerifier;
import io.prsm.runtime.storage.PluginIdentities;
import io.prsm.runtime.storage.PluginStorageFactory;
import io.prsm.runtime.storage.StorageCipher;
import io.prsm.runtime.storage.StorageGrant;
import io.prsm.runtime.tasks.TaskExecutors;
import io.prsm.limits.TaskSettings;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarInspector;
import io.prsm.limits.JarLimits;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;

/**
 * The plugin manager: installs, starts, stops and uninstalls plugin bundles, queues their tasks
 * and reports what it measured. It also offers the read-only {@link RuntimeStatistics} and each
 * plugin's {@link PluginStorage}; those are registered by hand because each carries its own
 * service properties.
 *
 * <p>Settings are framework properties: {@code prsm.task.*} (see {@link TaskSettings}),
 * {@code prsm.storage} (the storage folder; plugin data goes to {@code plugins/<id>} in it),
 * {@code prsm.jar.*} (how much of a plugin jar is read, see {@link JarLimits}) and
 * {@code prsm.json.*} (how large a task may be, see {@link JsonLimits}).
 *
 * <p>Concurrent semantics: thread-safe. Installs are serialized so two installs of one plugin id
 * cannot race; everything else relies on the framework's and the records' own locking.
 */
@Component(service = PluginManager.class, immediate = true)
public final class PluginManagerImpl implements PluginManager {

    private static final Logger LOG = LoggerFactory.getLogger(PluginManagerImpl.class);
    /** Download progress: a logger of its own, which the console shows at INFO whatever --log-level says. */
    private static final Logger PROGRESS = LoggerFactory.getLogger("io.prsm.progress");

    /** The version of {@code prsm.runtime} this bundle provides. */
    static final Version RUNTIME_VERSION = new Version(1, 0, 0);

    private final BundleContext context;
    private final ManifestValidator validator = new ManifestValidator(RUNTIME_VERSION);
    private final JarInspector inspector;
    private final JarDownload download;
    private final BoundedJson tasks;
    private final TaskExecutors executors;
    private final PluginExtender extender;
    private final JvmProbe jvm = new JvmProbe();
    private final Instant startedAt = Instant.now();
    /** PRSM's version, as --version shows it (not the plugin contract's {@link #RUNTIME_VERSION}). */
    private final String productVersion = ProductVersion.read();
    private final Object installLock = new Object();
    private final ServiceRegistration<RuntimeStatistics> statisticsRegistration;
    private final ServiceRegistration<PluginStorage> storageRegistration;
    private final ServiceRegistration<PluginValidator> validatorRegistration;
    /** The gatekeeper's code check: without it nothing is installed; one a plugin offers is ignored. */
    private final ServiceTracker<PluginVerifier, PluginVerifier> verifiers;
    private final PluginIdentities identities;
    private final PlatformAudit audit;
    private final PluginSwapper swapper;
    private final PluginConfigurations configurations;
    private final RuntimeReadiness readiness;
    private final PluginConfigurator configurator;
    private final ServiceRegistration<ConfigurationListener> configurationListener;
    /** Containment across tasks (issue 16): the low-memory guard, when on. */
    private final ContainedPlugins contained;
    private final Optional<LowMemoryGuard> memoryGuard;
    private final CpuShareGuard cpuShares;
    private final ServiceRegistration<ContainmentView> containmentView;

    @Activate
    public PluginManagerImpl(BundleContext context) {
        this.context = context;
        this.inspector = new JarInspector(JarLimits.from(context::getProperty));
        this.download = JarDownload.from(context::getProperty, PluginManagerImpl::downloading);
        this.tasks = BoundedJson.of(JsonLimits.from(context::getProperty));
        this.executors = new TaskExecutors(TaskSettings.from(context::getProperty));
        this.configurations = new PluginConfigurations(context, storageFolder(context).resolve("config"),
                // read while a plugin reads its configuration: the platform's act, not the plugin's
                name -> PlatformActs.call(() -> System.getenv(name)));
        this.configurator = new PluginConfigurator(configurations, executors.workers(),
                executors.settings().timeout());
        this.identities = new PluginIdentities(storageRoot(context));
        this.audit = new PlatformAudit(context);
        audit.open();
        this.extender = new PluginExtender(context, validator, executors, configurations, identities, audit);
        extender.open();
        this.readiness = new RuntimeReadiness(context, extender, executors.workers(), executors.settings().timeout());
        readiness.open();
        this.configurationListener = context.registerService(ConfigurationListener.class, this::configurationChanged,
                null);
        this.swapper = new PluginSwapper(context, executors.settings().drainTimeout(), executors.settings().timeout());
        this.verifiers = new ServiceTracker<>(context, PluginVerifier.class, new PlatformOnly<>(context));
        verifiers.open();
        Dictionary<String, Object> statisticsProperties = new Hashtable<>();
        statisticsProperties.put(ServiceProperties.PERMISSION, RuntimeStatistics.PERMISSION);
        this.statisticsRegistration = context.registerService(RuntimeStatistics.class, this::snapshot,
                statisticsProperties);
        Dictionary<String, Object> storageProperties = new Hashtable<>();
        storageProperties.put(ServiceProperties.OFFERED_TO_PLUGINS, Boolean.TRUE);
        this.storageRegistration = context.registerService(PluginStorage.class,
                new PluginStorageFactory(storageRoot(context), this::storageGrantOf, storageCipher(context)),
                storageProperties);
        this.validatorRegistration = context.registerService(PluginValidator.class, this::rulesFor, null);
        this.contained = new ContainedPlugins(context, extender, audit, executors.resources(),
                executors.settings().drainTimeout().toMillis());
        contained.open();
        this.memoryGuard = LowMemoryGuard.start(context::getProperty, contained);
        this.cpuShares = new CpuShareGuard(contained, io.prsm.limits.Settings.duration(context::getProperty,
                CpuShareGuard.PROPERTY, CpuShareGuard.DEFAULT_WINDOW), System::nanoTime);
        cpuShares.start();
        this.containmentView = context.registerService(ContainmentView.class,
                pluginId -> cpuShares.describe(pluginId).map(List::of).orElse(List.of()), null);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        containmentView.unregister();
        cpuShares.close();
        memoryGuard.ifPresent(LowMemoryGuard::close);
        contained.close();
        readiness.close();
        verifiers.close();
        audit.close();
        configurationListener.unregister();
        validatorRegistration.unregister();
        storageRegistration.unregister();
        statisticsRegistration.unregister();
        extender.close();
        configurations.close();
        executors.shutdown(executors.settings().drainTimeout());
    }

    /** A download that takes more than a second is reported once a second (printed above the prompt). */
    private static void downloading(String url, long bytesRead, long totalBytes) {
        PROGRESS.info("Downloading {}: {}{}", Quote.prefix(url, 200), Quote.bytes(bytesRead),
                totalBytes > 0 ? " of " + Quote.bytes(totalBytes) : "");
    }

    @Override
    public List<PluginInfo> list() {
        return extender.records().stream().map(this::info).toList();
    }

    @Override
    public PluginInfo info(String plugin) throws PluginOperationException {
        return info(find(plugin));
    }

    /** A refused install (a hot-deployed jar's included) is audited with the location it was asked for. */
    @Override
    public PluginInfo install(String location, String sha256) throws PluginOperationException {
        // the audit entry's plugin: the id the manifest gives, else the jar's file name
        java.util.concurrent.atomic.AtomicReference<String> target = new java.util.concurrent.atomic.AtomicReference<>(
                JarTarget.fileName(location));
        try {
            return installChecked(location, sha256, target);
        } catch (PluginOperationException refused) {
            audit.denied(target.get(), -1, "lifecycle", "install " + Quote.prefix(String.valueOf(location), 300),
                    refused.getMessage());
            throw refused;
        }
    }

    private PluginInfo installChecked(String location, String sha256,
            java.util.concurrent.atomic.AtomicReference<String> target) throws PluginOperationException {
        PluginJar jar = PluginJar.read(location, sha256, inspector, download);
        ManifestCheck check = validator.check(jar.headers());
        if (check.descriptor() != null && !check.descriptor().pluginId().isEmpty()) {
            target.set(Quote.prefix(check.descriptor().pluginId()));
        }
        List<String> problems = problems(jar, check);
        if (!problems.isEmpty()) {
            throw new PluginOperationException("Refused " + jar.location() + ":" + bullets(problems));
        }
        String pluginId = check.descriptor().pluginId();
        synchronized (installLock) {
            refuseDuplicate(jar, pluginId);
            Bundle bundle;
            try {
                bundle = context.installBundle(jar.location(), new ByteArrayInputStream(jar.content()));
            } catch (BundleException e) {
                throw new PluginOperationException("Could not install " + jar.location() + ": " + causes(e));
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                if (ResolutionFailure.waitsForPermission(e)) {
                    // only the operator's policy stands in the way: keep it, so a grant and prsm:start suffice
                    String reason = "It requires a permission the policy does not grant: " + e.getMessage()
                            + " Grant it in policy.json, run prsm:policy reload, then prsm:start " + pluginId + ".";
                    extender.byBundleId(bundle.getBundleId()).ifPresent(record -> record.awaitGrant(reason));
                    throw new PluginOperationException("Plugin '" + pluginId + "' is installed as bundle "
                            + bundle.getBundleId() + " but does not resolve. " + reason);
                }
                uninstallQuietly(bundle);
                throw new PluginOperationException("Refused plugin '" + pluginId + "': it does not resolve. "
                        + e.getMessage() + ResolutionFailure.hint(e));
            }
            PluginRecord record = awaitActive(bundle, pluginId);
            if (record.state() != PluginState.ACTIVE) {
                String reason = reasonNotActive(record, false);
                uninstallQuietly(bundle);
                throw new PluginOperationException("Refused plugin '" + pluginId + "': " + reason);
            }
            LOG.info("Installed plugin '{}' {} as bundle {}", pluginId, check.descriptor().version(),
                    bundle.getBundleId());
            return info(record);
        }
    }

    @Override
    public PluginInfo start(String plugin) throws PluginOperationException {
        PluginRecord record = find(plugin);
        if (!record.check().valid()) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' cannot start: " + record.lastError()
                    + " Fix it and install it again.");
        }
        Bundle bundle = record.bundle();
        try {
            if (record.isFailed() && bundle.getState() == Bundle.ACTIVE) {
                // failed or quarantined while its bundle runs: a restart gives it a fresh instance
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not start: " + e.getMessage()
                    + (e instanceof BundleException be ? ResolutionFailure.hint(be) : ""));
        }
        PluginRecord current = awaitActive(bundle, record.pluginId());
        if (current.state() != PluginState.ACTIVE) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not become active: "
                    + reasonNotActive(current, true));
        }
        return info(current);
    }

    @Override
    public PluginInfo stop(String plugin) throws PluginOperationException {
        PluginRecord record = find(plugin);
        try {
            record.bundle().stop();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not stop cleanly: "
                    + e.getMessage());
        }
        return info(record);
    }

    @Override
    public void uninstall(String plugin) throws PluginOperationException {
        PluginRecord record = find(plugin);
        Bundle bundle = record.bundle();
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' could not be uninstalled: "
                    + e.getMessage());
        }
        refresh(bundle);
        LOG.info("Uninstalled plugin '{}' (bundle {})", record.pluginId(), bundle.getBundleId());
    }

    @Override
    public String purge(String pluginId) throws PluginOperationException {
        String id = pluginId == null ? "" : pluginId.trim();
        if (!id.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new PluginOperationException("'" + Quote.prefix(id) + "' is not a plugin id (a lower-case letter, then lower-case "
                    + "letters, digits and dashes).");
        }
        synchronized (installLock) {
            for (PluginRecord installed : extender.byPluginId(id)) {
                throw new PluginOperationException("Plugin '" + id + "' is installed as bundle "
                        + installed.bundle().getBundleId() + "; uninstall it and purge its data with prsm:uninstall "
                        + id + " --purge.");
            }
            List<String> deleted = new java.util.ArrayList<>();
            try {
                if (identities.purge(id)) {
                    deleted.add("its stored data and the record of the bundle it belonged to ("
                            + identities.folder(id) + ")");
                }
                if (configurations.deleteOverrides(id)) {
                    deleted.add("its configuration overrides");
                }
            } catch (IOException | io.prsm.runtime.config.ConfigurationException e) {
                throw new PluginOperationException("Plugin id '" + id + "' could not be purged completely: "
                        + e.getMessage() + ". Remove " + identities.folder(id) + " by hand if it remains.");
            }
            if (deleted.isEmpty()) {
                throw new PluginOperationException("Nothing is kept for plugin id '" + id + "'; there is nothing to "
                        + "purge.");
            }
            LOG.info("Purged plugin id '{}': {}", id, deleted);
            audit.granted(id, -1, "identity", "purge", "the operator purged " + String.join("; ", deleted));
            return "purged " + id + ": " + String.join("; ", deleted);
        }
    }

    /**
     * A swap that fails leaves the plugin as it was, and says so where operators look: its last
     * error (after the rollback restarted it, which clears errors) and the audit log.
     */
    @Override
    public SwapReport swap(String plugin, String location, String sha256) throws PluginOperationException {
        PluginRecord record = find(plugin);
        String request = "swap to " + Quote.prefix(String.valueOf(location), 300);
        try {
            SwapReport report = swapChecked(record, location, sha256);
            audit.granted(record.pluginId(), record.bundle().getBundleId(), "lifecycle", request, "swapped from "
                    + report.oldVersion() + " to " + report.newVersion());
            return report;
        } catch (PluginOperationException failed) {
            record.noteError("Swap failed (" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "): " + failed.getMessage() + " Running: " + record.check().descriptor().version()
                    + ", the content installed before the swap.");
            audit.denied(record.pluginId(), record.bundle().getBundleId(), "lifecycle", request, failed.getMessage());
            throw failed;
        }
    }

    private SwapReport swapChecked(PluginRecord record, String location, String sha256)
            throws PluginOperationException {
        PluginJar jar = PluginJar.read(location, sha256, inspector, download);
        ManifestCheck check = validator.check(jar.headers());
        List<String> problems = problems(jar, check);
        if (!problems.isEmpty()) {
            throw new PluginOperationException("Refused " + jar.location() + "; plugin '" + record.pluginId()
                    + "' is untouched:" + bullets(problems));
        }
        if (!check.descriptor().pluginId().equals(record.pluginId())) {
            throw new PluginOperationException(jar.location() + " is plugin '" + check.descriptor().pluginId()
                    + "', not '" + record.pluginId() + "'; a swap replaces a plugin by a version of itself. Install it "
                    + "with prsm:install '" + jar.location() + "' instead.");
        }
        if (!record.check().valid()) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' is refused (" + record.lastError()
                    + "); uninstall it and install the new jar instead.");
        }
        return swapper.swap(record, jar);
    }

    @Override
    public CompletionStage<PluginResponse> execute(String plugin, Task task) throws PluginOperationException {
        PluginRecord record = find(plugin);
        try {
            // a task built in memory (an embedding application's) meets the limits a parsed one meets
            tasks.check(task.config(), "The task");
        } catch (JsonInputException overLimit) {
            throw new PluginOperationException(overLimit.getMessage());
        }
        List<String> declared = record.check().descriptor() == null ? List.of()
                : record.check().descriptor().taskTypes();
        if (!declared.isEmpty() && !declared.contains(task.type())) {
            // answered here, as the plugin would: a typo should name what the plugin does accept
            return CompletableFuture.completedFuture(PluginResponse.failure("Unknown task type '"
                    + Quote.prefix(task.type()) + "'; plugin '" + record.pluginId() + "' accepts "
                    + String.join(", ", declared) + ".", ErrorSeverity.LOW, "INVALID_TASK"));
        }
        CompletableFuture<PluginResponse> response = record.queue().submit(task);
        return response.whenComplete((answer, impossible) -> {
            if (answer != null && !answer.success() && answer.errorSeverity() != ErrorSeverity.LOW) {
                record.noteError(answer.error());
            }
        });
    }

    @Override
    public ValidationReport validate(String location) throws PluginOperationException {
        PluginJar jar = PluginJar.read(location, null, inspector, download);
        ManifestCheck check = validator.check(jar.headers());
        PluginDescriptor d = check.descriptor();
        return new ValidationReport(jar.location(), d == null ? "" : d.pluginId(), d == null ? "" : d.version(),
                problems(jar, check), d == null ? List.of() : d.taskTypes());
    }

    @Override
    public List<ConfigValue> configuration(String plugin) throws PluginOperationException {
        return configurator.current(find(plugin));
    }

    @Override
    public List<ConfigValue> configure(String plugin, String key, String value) throws PluginOperationException {
        PluginRecord record = find(plugin);
        List<ConfigValue> effective = configurator.configure(record, key, value);
        LOG.info("Plugin '{}' configuration: {} {}", record.pluginId(), Quote.prefix(key),
                value == null ? "reset" : "= " + Quote.prefix(value));
        return effective;
    }

    /** Configuration Admin changed a plugin's PID, perhaps through another client than prsm:config. */
    private void configurationChanged(ConfigurationEvent event) {
        String pid = event.getPid();
        if (pid == null || !pid.startsWith(PluginConfigurations.PID_PREFIX)) {
            return;
        }
        String pluginId = pid.substring(PluginConfigurations.PID_PREFIX.length());
        for (PluginRecord record : extender.byPluginId(pluginId)) {
            executors.workers().execute(() -> configurator.overridesChanged(record));
        }
    }

    /**
     * What the framework would refuse in the jar and its OSGi headers and the plugin contract's
     * problems, then (when there are none) whether the plugin id belongs to another bundle, then
     * what the gatekeeper finds in the code. Without the gatekeeper nothing is checked and so
     * nothing passes.
     */
    private List<String> problems(PluginJar jar, ManifestCheck check) throws PluginOperationException {
        List<String> problems = new java.util.ArrayList<>(jar.problems());
        problems.addAll(BundleHeaders.problems(jar.headers()));
        problems.addAll(check.problems());
        if (!problems.isEmpty()) {
            return problems;
        }
        String symbolicName = jar.headers().getOrDefault(org.osgi.framework.Constants.BUNDLE_SYMBOLICNAME, "")
                .split(";", 2)[0].trim();
        Set<String> signers;
        try {
            signers = JarSigners.of(jar.content());
        } catch (IOException unreadable) {
            throw new PluginOperationException("The signatures of " + jar.location() + " cannot be read: "
                    + unreadable.getMessage());
        }
        Optional<String> taken = identities.conflict(check.descriptor().pluginId(), symbolicName, signers);
        if (taken.isPresent()) {
            audit.denied(check.descriptor().pluginId(), -1, "identity", "claim plugin id by bundle " + symbolicName,
                    taken.get());
            return List.of(taken.get());
        }
        PluginVerifier verifier = verifiers.getService();
        if (verifier == null) {
            throw new PluginOperationException("The code of " + jar.location() + " cannot be checked: the gatekeeper "
                    + "(bundle io.prsm.sandbox) is not running, and nothing is installed unchecked. Start it (prsm.jar "
                    + "starts it; an embedding host must install and start it) and try again.");
        }
        try {
            return verifier.verify(check.descriptor().pluginId(), jar.content(),
                    SecurityLevel.fromId(check.descriptor().securityLevel()).orElseThrow());
        } catch (IOException unreadable) {
            throw new PluginOperationException("The code of " + jar.location() + " cannot be checked: "
                    + Quote.prefix(String.valueOf(unreadable.getMessage()), 300));
        }
    }

    /** The rules the gatekeeper applies to every plugin bundle, however it was installed. */
    private List<String> rulesFor(Bundle bundle) {
        ManifestCheck check = validator.check(PluginExtender.rawHeaders(bundle));
        if (!check.valid()) {
            return check.problems();
        }
        return extender.identityConflict(bundle, check.descriptor().pluginId()).map(List::of).orElse(List.of());
    }

    /**
     * A tracker customizer that ignores services a plugin registers: the runtime only ever uses
     * the platform's verifier.
     */
    private static final class PlatformOnly<T> implements ServiceTrackerCustomizer<T, T> {
        private final BundleContext context;

        PlatformOnly(BundleContext context) {
            this.context = context;
        }

        @Override
        public T addingService(ServiceReference<T> reference) {
            if (!PlatformBundles.registeredByPlatform(reference)) {
                LOG.warn("Bundle {} offers {}, which only the platform may offer; it is ignored",
                        reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(),
                        String.join(",", (String[]) reference.getProperty(org.osgi.framework.Constants.OBJECTCLASS)));
                return null;
            }
            return context.getService(reference);
        }

        @Override
        public void modifiedService(ServiceReference<T> reference, T service) {
            // properties do not change who registered it
        }

        @Override
        public void removedService(ServiceReference<T> reference, T service) {
            context.ungetService(reference);
        }
    }

    /** What the runtime measured now; offered to plugins as {@link RuntimeStatistics}. */
    RuntimeSnapshot snapshot() {
        List<PluginRecord> records = extender.records();
        List<PluginInfo> plugins = records.stream().map(this::info).toList();
        List<TaskMetrics> recorders = records.stream().map(record -> record.queue().recorder()).toList();
        List<PluginMetrics> metrics = plugins.stream().map(PluginInfo::metrics).toList();
        return new RuntimeSnapshot(Instant.now(), startedAt, productVersion, plugins,
                TaskMetrics.total(recorders, metrics), jvm.measure());
    }

    private PluginInfo info(PluginRecord record) {
        return record.info(PluginExtender.grantedPermissions(record.bundle()));
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

    private PluginRecord find(String plugin) throws PluginOperationException {
        if (plugin == null || plugin.isBlank()) {
            throw new PluginOperationException("No plugin named. Give a plugin id or bundle id; run prsm:list to see them.");
        }
        String name = plugin.trim();
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                return extender.byBundleId(Long.parseLong(name)).orElseThrow(() -> new PluginOperationException(
                        "No plugin is bundle " + name + ". Run prsm:list to see installed plugins."));
            } catch (NumberFormatException tooLong) {
                throw new PluginOperationException("No plugin is bundle " + Quote.prefix(name)
                        + ". Run prsm:list to see installed plugins.");
            }
        }
        List<PluginRecord> matches = extender.byPluginId(name);
        if (matches.isEmpty()) {
            throw new PluginOperationException("No plugin '" + Quote.prefix(name) + "'. Run prsm:list to see installed plugins"
                    + suggestion(name) + ".");
        }
        if (matches.size() > 1) {
            throw new PluginOperationException("Plugin id '" + Quote.prefix(name) + "' names bundles " + matches.stream()
                    .map(record -> String.valueOf(record.bundle().getBundleId())).collect(Collectors.joining(", "))
                    + "; name one by its bundle id.");
        }
        return matches.get(0);
    }

    private String suggestion(String name) {
        List<String> close = extender.records().stream().map(PluginRecord::pluginId)
                .filter(id -> id.contains(name) || name.contains(id)).toList();
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }

    private void refuseDuplicate(PluginJar jar, String pluginId) throws PluginOperationException {
        Bundle atLocation = context.getBundle(jar.location());
        if (atLocation != null) {
            throw new PluginOperationException(jar.location() + " is already installed as bundle "
                    + atLocation.getBundleId() + ". Uninstall it first (prsm:uninstall " + atLocation.getBundleId() + ").");
        }
        for (PluginRecord existing : extender.byPluginId(pluginId)) {
            throw new PluginOperationException("Plugin '" + pluginId + "' is already installed as bundle "
                    + existing.bundle().getBundleId() + " (version " + existing.check().descriptor().version()
                    + ", " + existing.state().id() + "). Uninstall it first with prsm:uninstall " + pluginId + ".");
        }
    }

    private PluginRecord awaitActive(Bundle bundle, String pluginId) throws PluginOperationException {
        PluginRecord record = extender.byBundleId(bundle.getBundleId()).orElseThrow(() -> new PluginOperationException(
                "Bundle " + bundle.getBundleId() + " is not tracked as plugin '" + pluginId + "'."));
        // the record read its state when the bundle was installed or last changed, before start() marked it
        // to be started: below the bundle's start level start() changes nothing else and sends no event,
        // so without this an install before the framework reached the plugin level read as "stopped"
        record.bundleChanged();
        try {
            record.awaitSettled(executors.settings().timeout());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginOperationException("Interrupted while waiting for plugin '" + pluginId + "' to start.");
        }
        return record;
    }

    /** Why the plugin is not active; {@code kept} when its bundle stays installed, so scr:list can look at it. */
    private String reasonNotActive(PluginRecord record, boolean kept) {
        if (record.state() == PluginState.FAILED && record.lastError() != null) {
            return record.lastError();
        }
        if (record.state() == PluginState.INITIALIZED) {
            return "its initialize did not return within " + executors.settings().timeout().toSeconds()
                    + " s. A plugin must not block in initialize; start background work on its own threads.";
        }
        Bundle bundle = record.bundle();
        long seconds = executors.settings().timeout().toSeconds();
        if (bundle.getState() == Bundle.ACTIVE) {
            return "its bundle started but registered no io.prsm.api.Plugin service within " + seconds + " s. A "
                    + "Declarative Services plugin waits for the services it references: "
                    + (kept ? "run scr:list " + bundle.getBundleId() + " to see its component's id and state, then "
                            + "scr:info with that id."
                            : "check that an installed bundle offers each one (its @Reference fields, or "
                            + "OSGI-INF/*.xml in the jar).");
        }
        int bundleLevel = bundle.adapt(BundleStartLevel.class).getStartLevel();
        int frameworkLevel = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (bundleLevel > frameworkLevel) {
            return "its bundle has start level " + bundleLevel + " and the framework is at start level "
                    + frameworkLevel + ", so it did not start within " + seconds + " s. " + again(kept, record)
                    + " once the runtime has started.";
        }
        return "its bundle is " + bundleState(bundle.getState()) + ", not active: it was stopped while it "
                + "started (by another command or the runtime stopping). " + again(kept, record) + ".";
    }

    private static String again(boolean kept, PluginRecord record) {
        return kept ? "Start it again with prsm:start " + record.pluginId() : "Install it again";
    }

    private static String bundleState(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + state;
        };
    }

    private void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
            refresh(bundle);
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not uninstall refused bundle {}", bundle.getBundleId(), e);
        }
    }

    /** Drops the uninstalled revision now instead of at the next refresh, so its class loader can go. */
    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.refreshBundles(Set.of(bundle));
    }

    /** A framework refusal with its causes, on one line: Felix says only "Could not create bundle object." */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return Quote.prefix(text.toString(), 400);
    }

    private static String bullets(List<String> problems) {
        return problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining());
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

    private static Path storageRoot(BundleContext context) {
        return storageFolder(context).resolve("plugins");
    }

    /** The storage folder ({@code prsm.storage}), or this bundle's data area where none is set. */
    private static Path storageFolder(BundleContext context) {
        String storage = context.getProperty("prsm.storage");
        if (storage != null && !storage.isBlank()) {
            return Path.of(storage);
        }
        return context.getDataFile("").toPath();
    }
}
