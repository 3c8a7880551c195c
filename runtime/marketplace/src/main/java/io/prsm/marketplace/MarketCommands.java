package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.Listing;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.marketplace.PublishReport;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.marketplace.SearchQuery;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * The marketplace's {@code prsm} Gogo commands ({@code repo}, {@code publish}, {@code search},
 * {@code show}, {@code update}): a thin adapter over {@link Marketplace}. Install by id is {@code prsm:install ID}
 * of the plugin manager's commands. A command that cannot do what it was asked throws.
 *
 * <p>Concurrent semantics: stateless apart from its service; safe for concurrent sessions.
 */
@Component(service = MarketCommands.class, property = {
        "osgi.command.scope=prsm",
        "osgi.command.function=repo", "osgi.command.function=publish", "osgi.command.function=search",
        "osgi.command.function=show", "osgi.command.function=update" })
public final class MarketCommands {

    private static final String TYPE = "only this plugin type: ai_model, data_processor, integration, analytics or utility";
    private static final String CAPABILITY = "only plugins with this capability";
    private static final String LEVEL = "only this security level: trusted, sandbox or isolated";

    private final Marketplace market;
    private final PluginManager plugins;

    @Activate
    public MarketCommands(@Reference Marketplace market, @Reference PluginManager plugins) {
        this.market = market;
        this.plugins = plugins;
    }

    @Descriptor("List the repositories (name and location)")
    public String repo(@Descriptor("list") String action) throws PluginOperationException {
        if ("add".equals(action) || "remove".equals(action)) {
            throw new PluginOperationException("prsm:repo " + action + " needs " + ("add".equals(action)
                    ? "a name and a location: prsm:repo add [--signed-by SUBJECT] NAME URL_OR_FOLDER."
                    : "the repository's name: prsm:repo remove NAME (prsm:repo list shows the names)."));
        }
        if (!"list".equals(action)) {
            throw new PluginOperationException("Unknown action '" + action + "'; use prsm:repo list, prsm:repo add NAME "
                    + "URL_OR_FOLDER or prsm:repo remove NAME.");
        }
        List<Repository> all = market.repositories();
        return all.isEmpty() ? "No repository. Add one with prsm:repo add NAME URL_OR_FOLDER."
                : all.stream().map(r -> r.name() + "  " + r.location() + (r.signers().isEmpty() ? ""
                        : "  signed by " + String.join(" or ", r.signers()))).collect(Collectors.joining("\n"));
    }

    @Descriptor("Remove a repository (remove NAME); plugins installed from it stay")
    public String repo(@Descriptor("remove") String action, @Descriptor("the repository's name") String name)
            throws PluginOperationException {
        if (!"remove".equals(action)) {
            throw new PluginOperationException("Unknown action '" + action + "' with one argument; use prsm:repo "
                    + "remove NAME.");
        }
        Repository gone = market.removeRepository(name);
        return "Removed repository " + gone.name() + " (" + gone.location() + ")";
    }

    @Descriptor("Add a repository (add NAME URL_OR_FOLDER): a folder or http(s) URL holding index.xml; kept across "
            + "restarts")
    public String repo(
            @Descriptor("the certificate subject (for example 'CN=Example Corp') that must have signed every jar "
                    + "installed from it; a plugin of level trusted installs only from a repository that names one")
            @Parameter(names = "--signed-by", absentValue = "") String signedBy,
            @Descriptor("add") String action, @Descriptor("a name: lower-case letters, digits and dashes")
            String name, @Descriptor("the folder, or the http(s) URL of the folder, that holds index.xml")
            String location) throws PluginOperationException {
        if (!"add".equals(action)) {
            throw new PluginOperationException("Unknown action '" + action + "' with two arguments; use prsm:repo add "
                    + "NAME URL_OR_FOLDER.");
        }
        Repository added = market.addRepository(name, location,
                signedBy.isBlank() ? List.of() : List.of(signedBy.strip()));
        return "Added repository " + added.name() + " (" + added.location() + ")"
                + (added.signers().isEmpty() ? "" : ", jars must be signed by " + String.join(" or ", added.signers()));
    }

    @Descriptor("Validate and scan a plugin jar (or check a library bundle), copy it into a repository folder and "
            + "rewrite the folder's index.xml; refuses with the reasons and leaves the folder as it was")
    public String publish(@Descriptor("path of the plugin or library jar") String jar,
            @Descriptor("the repository folder (created if missing)") String folder) throws PluginOperationException {
        PublishReport report = market.publish(jar, folder);
        return "Published " + (report.library() ? "library " : "plugin ") + report.pluginId() + " " + report.version()
                + " to " + report.jar() + " (sha256 " + report.sha256() + "); the index lists " + report.resources()
                + " jars";
    }

    @Descriptor("List the plugins the repositories offer, every version, newest first")
    public String search(
            @Descriptor(TYPE) @Parameter(names = "--type", absentValue = "") String type,
            @Descriptor(CAPABILITY) @Parameter(names = "--capability", absentValue = "") String capability,
            @Descriptor(LEVEL) @Parameter(names = "--level", absentValue = "") String level) throws PluginOperationException {
        return search(type, capability, level, "");
    }

    @Descriptor("List the plugins whose id, name or description contains TEXT (ignoring case), every version")
    public String search(
            @Descriptor(TYPE) @Parameter(names = "--type", absentValue = "") String type,
            @Descriptor(CAPABILITY) @Parameter(names = "--capability", absentValue = "") String capability,
            @Descriptor(LEVEL) @Parameter(names = "--level", absentValue = "") String level,
            @Descriptor("text to look for") String text) throws PluginOperationException {
        List<String> skipped = new ArrayList<>();
        List<Listing> found = market.search(new SearchQuery(text, type, capability, level), skipped::add);
        if (found.isEmpty()) {
            return withSkipped("No plugin matches. prsm:repo list shows the repositories searched.", skipped);
        }
        return withSkipped(found.stream().map(l -> l.pluginId() + "  " + l.version() + "  " + l.type() + "  "
                + l.level() + "  " + l.repository() + (l.description().isEmpty() ? "" : "  " + l.description()))
                .collect(Collectors.joining("\n")), skipped);
    }

    @Descriptor("Show every version of a plugin the repositories offer, with its metadata")
    public String show(@Descriptor("the plugin id") String pluginId) throws PluginOperationException {
        List<String> skipped = new ArrayList<>();
        return withSkipped(market.show(pluginId, skipped::add).stream().map(MarketCommands::describe)
                .collect(Collectors.joining("\n\n")), skipped);
    }

    @Descriptor("Hot-swap a plugin to the newest version within its major version offered by the repository it "
            + "was installed from (or one at least as strict), with the libraries it needs; tasks are held, not "
            + "lost, and a failed swap rolls back. Prints each jar before installing it")
    public String update(
            @Descriptor("take the update only from this repository (prsm:repo list); required for a plugin with no "
                    + "recorded repository, which is then recorded") @Parameter(names = "--repo", absentValue = "")
            String repo,
            @Descriptor("print what would be installed (each jar downloaded and checked) and install nothing")
            @Parameter(names = "--dry-run", presentValue = "true", absentValue = "false") boolean dryRun,
            @Descriptor("the plugin id or bundle id") String plugin) throws PluginOperationException {
        List<String> lines = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            lines.add(updateOne(plugin, repo, dryRun, lines, warnings::add));
        } catch (PluginOperationException refused) {
            throw warnings.isEmpty() ? refused
                    : new PluginOperationException(withSkipped(refused.getMessage(), warnings), refused);
        }
        return withSkipped(String.join("\n", lines), warnings);
    }

    @Descriptor("Update every installed plugin that a repository offers (see prsm:update ID); stops at the first "
            + "refusal, naming it, with the plugins before it updated; a plugin with no recorded repository is "
            + "named and left as it is")
    public String update(
            @Descriptor("print what would be installed and install nothing")
            @Parameter(names = "--dry-run", presentValue = "true", absentValue = "false") boolean dryRun)
            throws PluginOperationException {
        List<String> skipped = new ArrayList<>();
        Set<String> offered = market.search(SearchQuery.all(), skipped::add).stream().map(Listing::pluginId)
                .collect(Collectors.toSet());
        List<String> lines = new ArrayList<>();
        Set<String> warnings = new java.util.LinkedHashSet<>(skipped);
        for (PluginInfo installed : plugins.list()) {
            if (!offered.contains(installed.pluginId())) {
                continue;
            }
            if (market.origin(installed.pluginId()).isEmpty()) {
                lines.add(installed.pluginId() + " " + installed.version() + " not updated: it has no recorded "
                        + "repository; prsm:update --repo NAME " + installed.pluginId() + " names the one to take it "
                        + "from.");
                continue;
            }
            List<String> more = new ArrayList<>();
            lines.add(updateOne(installed.pluginId(), "", dryRun, lines, more::add));
            warnings.addAll(more);
        }
        return withSkipped(lines.isEmpty() ? "No installed plugin is offered by the repositories."
                : String.join("\n", lines), List.copyOf(warnings));
    }

    /** Adds the plan's lines to {@code lines}; answers the result's line. */
    private String updateOne(String plugin, String repo, boolean dryRun, List<String> lines,
            java.util.function.Consumer<String> warnings) throws PluginOperationException {
        String only = repo.isEmpty() ? null : repo;
        if (dryRun) {
            Optional<InstallPlan> plan = market.planUpdate(plugin, only, warnings);
            plan.ifPresent(p -> p.jars().forEach(jar -> lines.add("Would install " + jar.describe())));
            return plan.isEmpty() ? newest(plugin) : "Dry run: nothing was installed; run the same command without "
                    + "--dry-run to update.";
        }
        Optional<SwapReport> swapped = market.update(plugin, only,
                plan -> plan.jars().forEach(jar -> lines.add("Installing " + jar.describe())), warnings);
        if (swapped.isEmpty()) {
            return newest(plugin);
        }
        SwapReport report = swapped.get();
        return report.pluginId() + " " + report.oldVersion() + " -> " + report.newVersion()
                + market.origin(report.pluginId()).map(r -> " from repository " + r.name()).orElse("") + ", tasks held "
                + report.pauseMillis() + " ms" + (report.stateCarried() ? ", state carried over" : "");
    }

    private String newest(String plugin) throws PluginOperationException {
        PluginInfo info = plugins.info(plugin);
        return info.pluginId() + " " + info.version() + " is the newest version within its major version"
                + market.origin(info.pluginId()).map(r -> " that repository " + r.name() + ", or one at least as "
                        + "strict, offers").orElse(" the repositories offer");
    }

    /** The answer, then one line for each repository that could not be read. */
    private static String withSkipped(String answer, List<String> skipped) {
        return skipped.isEmpty() ? answer : answer + "\n" + String.join("\n", skipped);
    }

    private static String describe(Listing l) {
        return l.pluginId() + " " + l.version() + (l.name().isEmpty() ? "" : " (" + l.name() + ")")
                + "\n  repository:   " + l.repository()
                + "\n  type:         " + l.type()
                + "\n  level:        " + l.level()
                + "\n  capabilities: " + String.join(", ", l.capabilities())
                + "\n  permissions:  " + String.join(", ", l.permissions())
                + "\n  entitlements: " + String.join(", ", l.entitlements())
                + "\n  task types:   " + String.join(", ", l.taskTypes())
                + "\n  description:  " + l.description()
                + "\n  vendor:       " + l.vendor()
                + "\n  jar:          " + l.url()
                + "\n  sha256:       " + l.sha256();
    }
}
