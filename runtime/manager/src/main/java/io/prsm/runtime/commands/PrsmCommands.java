package io.prsm.runtime.commands;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.marketplace.InstallReport;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeSnapshot;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.api.runtime.SwapReport;
import io.prsm.api.runtime.ValidationReport;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;
import io.prsm.platform.EntitlementsView;
import io.prsm.runtime.containment.ContainmentView;

/**
 * The {@code prsm} Gogo commands: a thin adapter that parses arguments, calls the
 * {@link PluginManager} and formats the answer. A command that cannot do what it was asked throws
 * with a message saying what was wrong and what to do, so a script run with {@code --batch} fails.
 *
 * <p>Concurrent semantics: stateless apart from its services; safe for concurrent sessions.
 */
@Component(service = PrsmCommands.class, property = {
        "osgi.command.scope=prsm",
        "osgi.command.function=list", "osgi.command.function=info", "osgi.command.function=install",
        "osgi.command.function=start", "osgi.command.function=stop", "osgi.command.function=uninstall",
        "osgi.command.function=exec", "osgi.command.function=validate", "osgi.command.function=metrics",
        "osgi.command.function=swap", "osgi.command.function=config",
        "osgi.command.function=data" })
public final class PrsmCommands {

    /** {@code ID} or {@code ID@RANGE}: what prsm:install takes from the repositories. */
    private static final java.util.regex.Pattern PLUGIN_ID = java.util.regex.Pattern.compile("([a-z][a-z0-9-]*)(?:@(.+))?");

    private final PluginManager plugins;
    private final RuntimeStatistics statistics;
    private final TaskJson json;
    private final BundleContext context;
    private final EntitlementsView entitlements;
    /** The CPU share of each plugin, or null while the manager is not there. */
    private final ContainmentView containment;
    private final Marketplace market;

    /**
     * @param context gives the {@code prsm.json.*} limits a task is read within
     * @param entitlements the gatekeeper's view of entitlements, or null without a gatekeeper
     * @param market the marketplace that installs a plugin by id, or null without one
     * @param containment the CPU share of each plugin, or null while the plugin manager is not there
     */
    @Activate
    public PrsmCommands(@Reference PluginManager plugins, @Reference RuntimeStatistics statistics,
            BundleContext context,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            EntitlementsView entitlements,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            Marketplace market,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ContainmentView containment) {
        this.plugins = plugins;
        this.statistics = statistics;
        this.json = new TaskJson(BoundedJson.of(JsonLimits.from(context::getProperty)));
        this.context = context;
        this.entitlements = entitlements;
        this.market = market;
        this.containment = containment;
    }

    @Descriptor("List the installed plugins: bundle id, plugin id, version, type, security level and state "
            + "(installed, resolved, initialized, active, failed, stopped)")
    public String list(@Descriptor("print JSON (snake_case keys) instead of a table")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        return json ? JsonStyle.write(plugins.list()) : PluginFormat.table(plugins.list());
    }

    @Descriptor("Show one plugin: manifest, permissions and grants, state, last error and task metrics")
    public String info(@Descriptor("print JSON (snake_case keys)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        PluginInfo info = plugins.info(plugin);
        if (json) {
            return JsonStyle.write(info);
        }
        Bundle bundle = context.getBundle(info.bundleId());
        List<String> more = new java.util.ArrayList<>();
        if (entitlements != null && bundle != null) {
            more.addAll(entitlements.describe(bundle));
        }
        if (containment != null) {
            more.addAll(containment.describe(info.pluginId()));
        }
        return PluginFormat.info(info) + (more.isEmpty() ? "" : "\n" + PluginFormat.labelled(more));
    }

    @Descriptor("Validate a plugin jar, install it and start it; prints the plugin id. Refuses an invalid jar "
            + "with the reasons and leaves installed plugins as they were. Given ID or ID@RANGE instead, installs the "
            + "newest version the repositories offer (prsm:repo) with the libraries it needs, all or nothing")
    public String install(
            @Descriptor("the jar's SHA-256 (64 hex digits, as sha256sum prints them): a jar with another digest is "
                    + "refused") @Parameter(names = "--sha256", absentValue = "") String sha256,
            @Descriptor("with a plugin id: take it only from this repository (prsm:repo list); its updates then "
                    + "come only from it or a repository at least as strict")
            @Parameter(names = "--repo", absentValue = "") String repo,
            @Descriptor("with a plugin id: print what would be installed (each jar downloaded and checked) and "
                    + "install nothing") @Parameter(names = "--dry-run", presentValue = "true", absentValue = "false")
            boolean dryRun,
            @Descriptor("path of the plugin jar, or a file:, http: or https: URL (downloads time out: "
                    + "prsm.download.connectTimeoutMillis, prsm.download.readTimeoutMillis); or a plugin id, "
                    + "optionally with @ and an OSGi version range, for example word-stats@[1.0,2.0)") String location)
            throws PluginOperationException {
        java.util.regex.Matcher byId = PLUGIN_ID.matcher(location);
        if (!repo.isEmpty() || dryRun || byId.matches() && sha256.isEmpty()
                && !java.nio.file.Files.exists(java.nio.file.Path.of(location))) {
            if (market == null) {
                throw new PluginOperationException("No plugin jar at '" + Quote.prefix(location) + "', and this runtime "
                        + "has no marketplace (bundle io.prsm.marketplace) to install a plugin id from.");
            }
            if (!byId.matches()) {
                throw new PluginOperationException((dryRun ? "--dry-run" : "--repo") + " takes a plugin id, not '"
                        + Quote.prefix(location) + "'; give prsm:install " + (dryRun ? "--dry-run" : "--repo NAME")
                        + " ID, or a jar path without it.");
            }
            return installById(byId.group(1), byId.group(2), repo, dryRun);
        }
        return plugins.install(location, sha256.isEmpty() ? null : sha256).pluginId();
    }

    /**
     * The plan (one line per jar, before anything is installed), then the result, then each
     * repository skipped: never a prompt, so a script with {@code --batch} does not block.
     */
    private String installById(String pluginId, String range, String repo, boolean dryRun)
            throws PluginOperationException {
        java.util.List<String> plan = new java.util.ArrayList<>();
        java.util.List<String> warnings = new java.util.ArrayList<>();
        try {
            if (dryRun) {
                market.plan(pluginId, range, repo, warnings::add).jars().forEach(jar -> plan.add("Would install "
                        + jar.describe()));
                plan.add("Dry run: nothing was installed; run the same command without --dry-run to install.");
            } else {
                InstallReport report = market.install(pluginId, range, repo,
                        planned -> planned.jars().forEach(jar -> plan.add("Installing " + jar.describe())), warnings::add);
                plan.add(report.pluginId() + " " + report.version() + " from repository " + report.repository()
                        + (report.libraries().isEmpty() ? "" : ", with the libraries "
                                + String.join(", ", report.libraries())));
            }
        } catch (PluginOperationException refused) {
            throw warnings.isEmpty() ? refused : new PluginOperationException(refused.getMessage() + "\n"
                    + String.join("\n", warnings), refused);
        }
        plan.addAll(warnings);
        return String.join("\n", plan);
    }

    @Descriptor("Start a stopped or failed plugin and wait until it is active; clears a quarantine")
    public String start(@Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        PluginInfo info = plugins.start(plugin);
        return info.pluginId() + " " + info.state().id();
    }

    @Descriptor("Stop a plugin; tasks waiting for it are answered with an error. It stays stopped across restarts")
    public String stop(@Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        PluginInfo info = plugins.stop(plugin);
        return info.pluginId() + " " + info.state().id();
    }

    @Descriptor("Stop and uninstall a plugin; its stored data and configuration overrides are kept, bound to its bundle")
    public String uninstall(@Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        return uninstall(false, plugin);
    }

    @Descriptor("Stop and uninstall a plugin, optionally deleting its stored data and configuration overrides")
    public String uninstall(
            @Descriptor("delete the plugin's stored data and configuration overrides too, so another bundle may take "
                    + "its id") @Parameter(names = "--purge", absentValue = "false", presentValue = "true") boolean purge,
            @Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        PluginInfo before = plugins.info(plugin);
        String pluginId = before.pluginId();
        plugins.uninstall(plugin);
        // the JVM cannot end a thread stuck in JDK code: the operator must not take "uninstalled" for "gone"
        String stuck = before.threadsNotStopped().isEmpty() ? "" : "; " + before.threadsNotStopped().size()
                + " of its threads did not stop and still run (restart the runtime to end them): "
                + String.join("; ", before.threadsNotStopped());
        return pluginId + " uninstalled" + stuck + (purge ? "; " + plugins.purge(pluginId) : "");
    }

    @Descriptor("Manage the data kept for plugin ids: purge ID deletes a plugin id's stored data and configuration "
            + "overrides (the plugin must be uninstalled), so another bundle may take the id")
    public String data(@Descriptor("purge") String action, @Descriptor("the plugin id") String pluginId)
            throws PluginOperationException {
        if (!"purge".equals(action)) {
            throw new PluginOperationException("Unknown action '" + action + "'; use prsm:data purge PLUGIN_ID.");
        }
        return plugins.purge(pluginId);
    }

    @Descriptor("Run a task on a plugin and print the response as JSON; fails if the task fails")
    public String exec(@Descriptor("the plugin id or bundle id") String plugin,
            @Descriptor("the task as JSON in single quotes, for example '{\"type\":\"get_metrics\",\"config\":{}}'")
            String task) throws PluginOperationException {
        Task parsed;
        try {
            parsed = json.parseTask(task);
        } catch (IllegalArgumentException invalid) {
            throw new PluginOperationException(invalid.getMessage());
        }
        PluginResponse response = await(plugins.execute(plugin, parsed).toCompletableFuture(), plugin);
        String rendered = json.write(response);
        if (!response.success()) {
            throw new PluginOperationException("Task '" + Quote.prefix(parsed.type()) + "' failed:\n"
                    + rendered);
        }
        return rendered;
    }

    @Descriptor("Hot-swap a plugin to another version of itself without losing a task: validate and scan the "
            + "jar, hold new tasks, let running ones finish, hand the state over, roll back on any failure")
    public String swap(
            @Descriptor("the jar's SHA-256 (64 hex digits): a jar with another digest is refused")
            @Parameter(names = "--sha256", absentValue = "") String sha256,
            @Descriptor("the plugin id or bundle id") String plugin,
            @Descriptor("path of the new plugin jar, or a file:, http: or https: URL") String location)
            throws PluginOperationException {
        SwapReport report = plugins.swap(plugin, location, sha256.isEmpty() ? null : sha256);
        return report.pluginId() + " " + report.oldVersion() + " -> " + report.newVersion() + ", tasks held "
                + report.pauseMillis() + " ms" + (report.stateCarried() ? ", state carried over" : "");
    }

    @Descriptor("Check a plugin jar (manifest rules) without installing it; fails if it is invalid")
    public String validate(@Descriptor("print JSON (snake_case keys)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("path of the plugin jar, or a file:, http: or https: URL") String location)
            throws PluginOperationException {
        ValidationReport report = plugins.validate(location);
        String rendered = json ? JsonStyle.write(report) : PluginFormat.report(report) + DeclaredEntitlementLines.of(location)
                + (entitlements == null || report.pluginId() == null ? ""
                        : "\n" + String.join("\n", entitlements.granted(report.pluginId())));
        if (!report.valid()) {
            throw new PluginOperationException(rendered);
        }
        return rendered;
    }

    @Descriptor("Show task metrics of every plugin, with totals and JVM figures")
    public String metrics(@Descriptor("print JSON (snake_case keys)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        RuntimeSnapshot snapshot = statistics.snapshot();
        if (json) {
            return JsonStyle.write(snapshot);
        }
        var jvm = snapshot.jvm();
        return PluginFormat.metricsTable(snapshot.plugins(), snapshot.totals()) + String.format(Locale.ROOT,
                "%nJVM: heap %s used of %s, %d threads, process CPU %s, up %d s",
                PluginFormat.bytes(jvm.heapUsedBytes()), jvm.heapMaxBytes() < 0 ? "unbounded"
                        : PluginFormat.bytes(jvm.heapMaxBytes()), jvm.threadCount(),
                jvm.processCpuLoad() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f%%",
                        jvm.processCpuLoad() * 100), jvm.uptimeMillis() / 1000);
    }

    @Descriptor("Show the task metrics of one plugin")
    public String metrics(@Descriptor("print JSON (snake_case keys)")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        PluginInfo info = plugins.info(plugin);
        if (json) {
            return JsonStyle.write(info.metrics());
        }
        return info.pluginId() + " " + info.version() + "\n" + PluginFormat.metrics(info.metrics()).stripTrailing();
    }

    @Descriptor("Show a plugin's configuration: each key, its value and the layer it comes from "
            + "(default < file < environment < override)")
    public String config(@Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        return PluginFormat.configuration(plugins.configuration(plugin));
    }

    @Descriptor("Set a runtime override of one configuration value and apply it to the running plugin; a value the "
            + "plugin's description or the plugin refuses changes nothing. '-' removes the override")
    public String config(@Descriptor("the plugin id or bundle id") String plugin,
            @Descriptor("the configuration key") String key,
            @Descriptor("the new value, or - to remove the override") String value) throws PluginOperationException {
        return PluginFormat.configuration(plugins.configure(plugin, key, "-".equals(value) ? null : value));
    }

    /** The queue answers every task within its timeout, so this waits for that answer only. */
    private static PluginResponse await(CompletableFuture<PluginResponse> response, String plugin)
            throws PluginOperationException {
        try {
            return response.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginOperationException("Interrupted while waiting for plugin '" + plugin + "'.");
        } catch (ExecutionException broken) {
            throw new PluginOperationException("Plugin '" + plugin + "' gave no answer: " + broken.getCause());
        }
    }
}
