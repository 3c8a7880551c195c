package io.prsm.runtime.plugins;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.ConfigValue;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.api.runtime.SwapReport;
import io.prsm.api.runtime.ValidationReport;
import io.prsm.runtime.containment.ContainmentView;
import io.prsm.runtime.containment.CpuShareGuard;
import io.prsm.runtime.containment.LowMemoryGuard;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarInspector;
import io.prsm.limits.JarLimits;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.PlatformActs;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.storage.PluginIdentities;
import io.prsm.runtime.tasks.TaskExecutors;

/**
 * The plugin manager: composes the runtime's parts and offers them as one {@link PluginManager}.
 * {@link PluginInstaller} installs, starts, stops and uninstalls, after {@link InstallChecks};
 * {@link PluginSwapper} hot-swaps; the plugins' task queues run their tasks; {@link RuntimeServices}
 * offers the read-only {@link RuntimeStatistics}, each plugin's storage and
 * the gatekeeper's rules.
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

    private final ManifestValidator validator = new ManifestValidator(RUNTIME_VERSION);
    private final JarInspector inspector;
    private final JarDownload download;
    private final BoundedJson tasks;
    private final TaskExecutors executors;
    private final PluginConfigurations configurations;
    private final PluginConfigurator configurator;
    private final PlatformAudit audit;
    private final PluginExtender extender;
    private final RuntimeReadiness readiness;
    private final InstallChecks checks;
    private final PluginLookup lookup;
    private final PluginInstaller installer;
    private final PluginSwapper swapper;
    private final RuntimeServices services;
    /** Containment across tasks: the low-memory guard (when on) and the CPU share guard. */
    private final ContainedPlugins contained;
    private final Optional<LowMemoryGuard> memoryGuard;
    private final CpuShareGuard cpuShares;
    private final ServiceRegistration<ContainmentView> containmentView;

    @Activate
    public PluginManagerImpl(BundleContext context) {
        this.inspector = new JarInspector(JarLimits.from(context::getProperty));
        this.download = JarDownload.from(context::getProperty, PluginManagerImpl::downloading);
        JsonLimits json = JsonLimits.from(context::getProperty);
        this.tasks = BoundedJson.of(json);
        this.executors = new TaskExecutors(TaskSettings.from(context::getProperty), json);
        this.configurations = new PluginConfigurations(context, RuntimeServices.storageFolder(context).resolve("config"),
                // read while a plugin reads its configuration: the platform's act, not the plugin's
                name -> PlatformActs.call(() -> System.getenv(name)));
        this.configurator = new PluginConfigurator(configurations, executors.workers(),
                executors.settings().timeout());
        PluginIdentities identities = new PluginIdentities(RuntimeServices.storageRoot(context));
        this.audit = new PlatformAudit(context);
        audit.open();
        this.extender = new PluginExtender(context, validator, executors, configurations, identities, audit);
        extender.open();
        this.readiness = new RuntimeReadiness(context, extender, executors.workers(), executors.settings().timeout());
        readiness.open();
        this.swapper = new PluginSwapper(context, executors.settings().drainTimeout(), executors.settings().timeout());
        this.checks = new InstallChecks(context, validator, extender, identities, audit);
        checks.open();
        this.lookup = new PluginLookup(extender);
        this.installer = new PluginInstaller(context, validator, inspector, download, extender, checks, lookup,
                identities, configurations, audit, executors.settings().timeout());
        this.services = new RuntimeServices(context, extender, checks, configurator, executors.workers());
        services.open();
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
        checks.close();
        audit.close();
        services.close();
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
        return extender.records().stream().map(PluginRecord::info).toList();
    }

    @Override
    public PluginInfo info(String plugin) throws PluginOperationException {
        return lookup.find(plugin).info();
    }

    /** A refused install (a hot-deployed jar's included) is audited with the location it was asked for. */
    @Override
    public PluginInfo install(String location, String sha256) throws PluginOperationException {
        return installer.install(location, sha256);
    }

    @Override
    public PluginInfo start(String plugin) throws PluginOperationException {
        return installer.start(plugin);
    }

    @Override
    public PluginInfo stop(String plugin) throws PluginOperationException {
        return installer.stop(plugin);
    }

    @Override
    public void uninstall(String plugin) throws PluginOperationException {
        installer.uninstall(plugin);
    }

    @Override
    public String purge(String pluginId) throws PluginOperationException {
        return installer.purge(pluginId);
    }

    /**
     * A swap that fails leaves the plugin as it was, and says so where operators look: its last
     * error (after the rollback restarted it, which clears errors) and the audit log.
     */
    @Override
    public SwapReport swap(String plugin, String location, String sha256) throws PluginOperationException {
        PluginRecord record = lookup.find(plugin);
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
        List<String> problems = checks.problems(jar, check);
        if (!problems.isEmpty()) {
            throw new PluginOperationException("Refused " + jar.location() + "; plugin '" + record.pluginId()
                    + "' is untouched:" + InstallChecks.bullets(problems));
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
        PluginRecord record = lookup.find(plugin);
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
                checks.problems(jar, check), d == null ? List.of() : d.taskTypes());
    }

    @Override
    public List<ConfigValue> configuration(String plugin) throws PluginOperationException {
        return configurator.current(lookup.find(plugin));
    }

    @Override
    public List<ConfigValue> configure(String plugin, String key, String value) throws PluginOperationException {
        PluginRecord record = lookup.find(plugin);
        List<ConfigValue> effective = configurator.configure(record, key, value);
        LOG.info("Plugin '{}' configuration: {} {}", record.pluginId(), Quote.prefix(key),
                value == null ? "reset" : "= " + Quote.prefix(value));
        return effective;
    }
}
