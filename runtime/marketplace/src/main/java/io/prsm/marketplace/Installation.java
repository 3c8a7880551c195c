package io.prsm.marketplace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;

import aQute.bnd.osgi.resource.ResourceUtils;
import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.InstallReport;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * Install by id: pick the newest version of the plugin in range, resolve what it needs against
 * the repositories, download every jar and check it against the index's SHA-256 and the
 * repository's signers ({@link Trust}), then install the
 * libraries (installed, never started: they are code the plugin calls, not services) and the
 * plugin through the plugin manager, which validates, scans and resolves it under the gatekeeper.
 * Any failure uninstalls what this installation installed: all or nothing. An update does the
 * same with a hot swap in place of the plugin's install. Libraries get the
 * location {@code prsm:library/BSN-VERSION}, which is how they are told from other bundles.
 *
 * <p>Concurrent semantics: not thread-safe; the caller serializes.
 */
final class Installation {

    static final String LIBRARY_LOCATION = "prsm:library/";
    private static final String PACKAGE = "osgi.wiring.package";
    /** The first unresolved package in Felix's words ("(osgi.wiring.package=a.b)") or Equinox's ("Import-Package: a.b"). */
    private static final Pattern UNRESOLVED_PACKAGE = Pattern.compile(
            "(?:osgi\\.wiring\\.package=|Import-Package: )([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)");

    private final BundleContext context;
    private final PluginManager plugins;
    private final RepositoryReader reader;
    private final MarketAudit audit;
    private final Path downloads;
    private final Planner planner;
    private final Origins origins;

    Installation(BundleContext context, PluginManager plugins, RepositoryReader reader, MarketAudit audit,
            Gatekeeper gatekeeper, Path marketplaceFolder) throws IOException {
        this.context = context;
        this.plugins = plugins;
        this.reader = reader;
        this.audit = audit;
        this.downloads = marketplaceFolder.resolve("downloads");
        this.planner = new Planner(context, reader, audit, gatekeeper);
        this.origins = new Origins(marketplaceFolder);
    }

    /**
     * Installs the newest {@code pluginId} in {@code range} the repositories (or {@code only}, if not
     * null) offer; its libraries come
     * only from repositories at least as strict as the plugin's ({@link Origins#admits}), and the
     * plugin's repository is recorded for its updates. {@code plan} hears what will be installed
     * before anything is; with {@code dryRun}, nothing is and the answer is empty.
     */
    Optional<InstallReport> install(String pluginId, VersionRange range, List<Repository> repositories,
            Repository only, boolean dryRun, Consumer<InstallPlan> plan, Consumer<String> warnings)
            throws PluginOperationException {
        Offer offer = Offer.read(reader, repositories);
        offer.skipped().forEach(warnings);
        Resource chosen = newest(pluginId, range, only == null ? offer : offer.from(only));
        Repository origin = offer.origin(chosen);
        Planner.Prepared prepared = planner.prepare(pluginId, chosen, offer.admittedBy(origin));
        plan.accept(prepared.plan());
        if (dryRun) {
            return Optional.empty();
        }
        List<Bundle> libraries = deliver(pluginId, prepared, origin, jar -> plugins.install(jar.file().toString(),
                jar.sha256()));
        origins.record(pluginId, origin);
        return Optional.of(new InstallReport(pluginId, prepared.plan().version(), origin.name(), names(libraries)));
    }

    /**
     * Swaps {@code pluginId} (running {@code current}) to the newest version in {@code [current, next major)}
     * that a repository at least as strict as the one it was installed from offers ({@code only}, if
     * not null). A plugin with no recorded repository updates only from {@code only}, which is then
     * recorded. With {@code dryRun}, {@code plan} hears what would be installed and nothing is.
     */
    Optional<SwapReport> update(String pluginId, Version current, List<Repository> repositories, Repository only,
            boolean dryRun, Consumer<InstallPlan> plan, Consumer<String> warnings) throws PluginOperationException {
        Optional<Repository> installedFrom = origins.of(pluginId);
        if (installedFrom.isEmpty() && only == null) {
            throw new PluginOperationException("Plugin '" + pluginId + "' has no recorded repository (it was installed "
                    + "from a file or URL, or by id before the marketplace recorded where plugins came from), so "
                    + "an update could come from any repository. Name the one to take it from: prsm:update --repo NAME "
                    + pluginId + " (prsm:repo list shows them); it is then recorded for later updates.");
        }
        if (installedFrom.isPresent() && only != null && !Origins.admits(installedFrom.get(), only)) {
            throw new PluginOperationException("Repository '" + only.name() + "' does not require the signers that "
                    + "repository '" + installedFrom.get().name() + "', which " + pluginId + " was installed from, "
                    + "requires (" + String.join(" or ", installedFrom.get().signers()) + "); an update comes only "
                    + "from it or a repository at least as strict.");
        }
        Offer offer = Offer.read(reader, repositories);
        offer.skipped().forEach(warnings);
        VersionRange sameMajor = new VersionRange(VersionRange.LEFT_CLOSED, current,
                new Version(current.getMajor() + 1, 0, 0), VersionRange.RIGHT_OPEN);
        Offer candidates = offer;
        if (installedFrom.isPresent()) {
            candidates = offer.admittedBy(installedFrom.get());
            ignored(pluginId, current, sameMajor, offer, candidates, installedFrom.get()).forEach(warnings);
        }
        // --repo narrows where the plugin comes from; its libraries may come from any repository the new origin admits
        Optional<Resource> chosen = newestIn(pluginId, sameMajor, only == null ? candidates : candidates.from(only))
                .filter(r -> pluginVersion(r).compareTo(current) > 0);
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        Repository origin = offer.origin(chosen.get());
        Planner.Prepared prepared = planner.prepare(pluginId, chosen.get(), offer.admittedBy(origin));
        plan.accept(prepared.plan());
        if (dryRun) {
            return Optional.empty();
        }
        SwapReport[] swapped = new SwapReport[1];
        deliver(pluginId, prepared, origin, jar -> swapped[0] = plugins.swap(pluginId, jar.file().toString(),
                jar.sha256()));
        origins.record(pluginId, origin);
        return Optional.of(swapped[0]);
    }

    /**
     * One line for each newer version of the plugin that a repository offers but may not deliver
     * to it, because it is less strict than the one the plugin came from: why it was not taken.
     */
    private static List<String> ignored(String pluginId, Version current, VersionRange range, Offer all,
            Offer admitted, Repository installedFrom) {
        List<String> lines = new ArrayList<>();
        for (Resource resource : all.all()) {
            Version version = pluginVersion(resource);
            if (!admitted.all().contains(resource) && pluginId.equals(pluginIdOf(resource))
                    && range.includes(version) && version.compareTo(current) > 0) {
                lines.add("Ignored " + pluginId + " " + version + " in repository " + all.origin(resource).name()
                        + ": it does not require the signers that repository " + installedFrom.name() + ", which "
                        + pluginId + " was installed from, requires (" + String.join(" or ", installedFrom.signers())
                        + ").");
            }
        }
        return lines;
    }

    /** Forgets the repository of every plugin not in {@code installed}. */
    void retainOrigins(java.util.Set<String> installed) throws PluginOperationException {
        origins.retain(installed);
    }

    /** The repository {@code pluginId} was installed from by id, as it was then. */
    Optional<Repository> origin(String pluginId) {
        return origins.of(pluginId);
    }

    /**
     * Installs the libraries of {@code prepared}, then lets {@code plugin} do the plugin's part
     * (install or swap); on any failure uninstalls the libraries it installed.
     */
    private List<Bundle> deliver(String pluginId, Planner.Prepared prepared, Repository origin, PluginStep plugin)
            throws PluginOperationException {
        String version = prepared.plan().version();
        String act = "install " + pluginId + " " + version + " from repository " + origin.name();
        List<Bundle> libraries = new ArrayList<>();
        try {
            for (Resource resource : prepared.libraries()) {
                String name = ResourceUtils.getIdentity(resource) + "-" + ResourceUtils.getIdentityVersion(resource);
                libraries.add(context.installBundle(LIBRARY_LOCATION + name,
                        new ByteArrayInputStream(prepared.jars().get(resource))));
            }
            byte[] content = prepared.jars().get(prepared.plugin());
            plugin.deliver(new SavedJar(save(pluginId, version, content), RepositoryReader.sha256(content)));
        } catch (BundleException | IOException | PluginOperationException | RuntimeException failed) {
            uninstall(libraries);
            String reason = failed.getMessage();
            audit.denied(pluginId, act + (libraries.isEmpty() ? "" : " with " + names(libraries)), reason);
            throw new PluginOperationException("Cannot install plugin '" + pluginId + "' " + version
                    + (libraries.isEmpty() ? "" : " with the libraries " + names(libraries)) + ": "
                    + libraryPackageRefused(reason, prepared.plugin(), prepared.resources()).orElse(reason)
                    + "\nNothing was installed; the plugins installed before are as they were.", failed);
        }
        audit.granted(pluginId, act, libraries.isEmpty() ? "no library needed" : "with " + names(libraries));
        return libraries;
    }

    /**
     * The resolver's many lines said in one, when what failed is the plugin's import of a package
     * one of its libraries exports: the usual cause is that the plugin's level may not wire it.
     */
    private static Optional<String> libraryPackageRefused(String reason, Resource plugin, List<Resource> plan) {
        Matcher unresolved = UNRESOLVED_PACKAGE.matcher(String.valueOf(reason));
        if (!unresolved.find()) {
            return Optional.empty();
        }
        String wanted = unresolved.group(1);
        for (Resource library : plan.subList(0, plan.size() - 1)) {
            for (Capability export : library.getCapabilities(PACKAGE)) {
                if (wanted.equals(export.getAttributes().get(PACKAGE))) {
                    String level = String.valueOf(Listings.first(plugin, Listings.PLUGIN)
                            .map(c -> c.getAttributes().get("security.level")).orElse("its"));
                    return Optional.of("it imports package " + wanted + " from the library " + Listings.name(library)
                            + ", and " + level + " plugins may use a package only if levels." + level + ".packages in "
                            + "policy.json allows it (prsm:audit shows the refusal; allow it there if it is safe, "
                            + "then prsm:policy reload).");
                }
            }
        }
        return Optional.empty();
    }

    private Resource newest(String pluginId, VersionRange range, Offer offer) throws PluginOperationException {
        return newestIn(pluginId, range, offer).orElseThrow(() -> new PluginOperationException("No repository offers "
                + "plugin '" + pluginId + "'" + (range == null ? "" : " in versions " + range) + ". Run prsm:show "
                + pluginId + " to see the versions offered, or prsm:search to see the plugins."));
    }

    private static Optional<Resource> newestIn(String pluginId, VersionRange range, Offer offer) {
        Resource best = null;
        for (Resource resource : offer.all()) {
            Version version = pluginVersion(resource);
            if (pluginId.equals(pluginIdOf(resource)) && (range == null || range.includes(version))
                    && (best == null || version.compareTo(pluginVersion(best)) > 0)) {
                best = resource;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Object pluginIdOf(Resource resource) {
        return Listings.first(resource, Listings.PLUGIN).map(c -> c.getAttributes().get(Listings.PLUGIN)).orElse(null);
    }

    static Version pluginVersion(Resource resource) {
        Object version = Listings.first(resource, Listings.PLUGIN).map(c -> c.getAttributes().get("version")).orElse(null);
        return version == null ? Version.emptyVersion : Version.parseVersion(String.valueOf(version));
    }

    /** The plugin's part of a delivery: install it, or swap to it. */
    private interface PluginStep {
        void deliver(SavedJar jar) throws PluginOperationException;
    }

    /** The plugin's jar as saved in the storage folder, with its digest. */
    private record SavedJar(Path file, String sha256) {
    }

    private Path save(String pluginId, String version, byte[] jar) throws IOException {
        Files.createDirectories(downloads);
        Path file = downloads.resolve(pluginId + "-" + version + ".jar");
        Files.write(file, jar);
        return file;
    }

    private static void uninstall(List<Bundle> libraries) {
        for (Bundle library : libraries) {
            try {
                library.uninstall();
            } catch (BundleException | IllegalStateException gone) {
                // already gone: nothing of this installation is left
            }
        }
    }

    private static List<String> names(List<Bundle> libraries) {
        return libraries.stream().map(b -> b.getSymbolicName() + " " + b.getVersion()).toList();
    }
}
