package io.prsm.marketplace;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.resource.Capability;
import org.osgi.resource.Resource;
import org.osgi.service.resolver.ResolutionException;

import aQute.bnd.osgi.resource.ResourceUtils;
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
    private final Trust trust;
    private final Origins origins;

    Installation(BundleContext context, PluginManager plugins, RepositoryReader reader, MarketAudit audit,
            Path marketplaceFolder) throws IOException {
        this.context = context;
        this.plugins = plugins;
        this.reader = reader;
        this.audit = audit;
        this.downloads = marketplaceFolder.resolve("downloads");
        this.trust = new Trust(audit);
        this.origins = new Origins(marketplaceFolder);
    }

    /**
     * Installs the newest {@code pluginId} in {@code range} the repositories (or {@code only}, if not
     * null) offer; its libraries come
     * only from repositories at least as strict as the plugin's ({@link Origins#admits}), and the
     * plugin's repository is recorded for its updates.
     */
    InstallReport install(String pluginId, VersionRange range, List<Repository> repositories, Repository only)
            throws PluginOperationException {
        Offer offer = Offer.read(reader, repositories);
        Resource chosen = newest(pluginId, range, only == null ? offer : offer.from(only));
        Repository origin = offer.origin(chosen);
        offer = offer.admittedBy(origin);
        String version = pluginVersion(chosen).toString();
        List<Bundle> libraries = deliver(pluginId, version, chosen, offer, jar -> plugins.install(jar.file().toString(),
                jar.sha256()));
        origins.record(pluginId, origin);
        return new InstallReport(pluginId, version, origin.name(), names(libraries));
    }

    /**
     * Swaps {@code pluginId} (running {@code current}) to the newest version in {@code [current, next major)}
     * that a repository at least as strict as the one it was installed from offers.
     */
    Optional<SwapReport> update(String pluginId, Version current, List<Repository> repositories)
            throws PluginOperationException {
        Offer offer = Offer.read(reader, repositories);
        Optional<Repository> installedFrom = origins.of(pluginId);
        if (installedFrom.isPresent()) {
            offer = offer.admittedBy(installedFrom.get());
            if (offer.all().stream().noneMatch(r -> pluginId.equals(Listings.first(r, Listings.PLUGIN)
                    .map(c -> c.getAttributes().get(Listings.PLUGIN)).orElse(null)))) {
                // only repositories with weaker signature rules offer it: there is no update for it
                return Optional.empty();
            }
        }
        Resource chosen = newest(pluginId, new VersionRange(VersionRange.LEFT_CLOSED, current,
                new Version(current.getMajor() + 1, 0, 0), VersionRange.RIGHT_OPEN), offer);
        Version newest = pluginVersion(chosen);
        if (newest.compareTo(current) <= 0) {
            return Optional.empty();
        }
        Repository origin = offer.origin(chosen);
        Offer admitted = offer.admittedBy(origin);
        SwapReport[] swapped = new SwapReport[1];
        deliver(pluginId, newest.toString(), chosen, admitted,
                jar -> swapped[0] = plugins.swap(pluginId, jar.file().toString(), jar.sha256()));
        origins.record(pluginId, origin);
        return Optional.of(swapped[0]);
    }

    /** The repository {@code pluginId} was installed from by id, as it was then. */
    Optional<Repository> origin(String pluginId) {
        return origins.of(pluginId);
    }

    /**
     * Resolves, downloads and checks every jar, installs the libraries, then lets {@code plugin} do
     * the plugin's part (install or swap); on any failure uninstalls the libraries it installed.
     */
    private List<Bundle> deliver(String pluginId, String version, Resource chosen, Offer offer, PluginStep plugin)
            throws PluginOperationException {
        String act = "install " + pluginId + " " + version + " from repository " + offer.origin(chosen).name();
        List<Resource> plan;
        try {
            plan = new DependencyResolver(chosen, context.getBundles(), offer.all()).resolve();
        } catch (ResolutionException unresolved) {
            String reason = unresolved.getMessage();
            audit.denied(pluginId, act, reason);
            throw new PluginOperationException("Cannot install plugin '" + pluginId + "' " + version + ": what it "
                    + "needs is not in the repositories or not installed. " + reason + "\nNothing was installed; "
                    + "publish the missing library to a repository (prsm:publish) and try again.");
        }
        Map<Resource, byte[]> jars = new HashMap<>();
        for (Resource resource : plan) {
            Repository from = offer.origin(resource);
            byte[] jar = download(resource, from);
            trust.check(resource, jar, from);
            jars.put(resource, jar);
        }
        List<Bundle> libraries = new ArrayList<>();
        try {
            for (Resource resource : plan.subList(0, plan.size() - 1)) {
                String name = ResourceUtils.getIdentity(resource) + "-" + ResourceUtils.getIdentityVersion(resource);
                libraries.add(context.installBundle(LIBRARY_LOCATION + name, new ByteArrayInputStream(jars.get(resource))));
            }
            byte[] content = jars.get(chosen);
            plugin.deliver(new SavedJar(save(pluginId, version, content), RepositoryReader.sha256(content)));
        } catch (BundleException | IOException | PluginOperationException | RuntimeException failed) {
            uninstall(libraries);
            String reason = failed.getMessage();
            audit.denied(pluginId, act + (libraries.isEmpty() ? "" : " with " + names(libraries)), reason);
            throw new PluginOperationException("Cannot install plugin '" + pluginId + "' " + version
                    + (libraries.isEmpty() ? "" : " with the libraries " + names(libraries)) + ": "
                    + libraryPackageRefused(reason, chosen, plan).orElse(reason)
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
        Resource best = null;
        for (Resource resource : offer.all()) {
            for (Capability plugin : resource.getCapabilities(Listings.PLUGIN)) {
                Version version = pluginVersion(resource);
                if (pluginId.equals(plugin.getAttributes().get(Listings.PLUGIN)) && (range == null || range.includes(version))
                        && (best == null || version.compareTo(pluginVersion(best)) > 0)) {
                    best = resource;
                }
            }
        }
        if (best == null) {
            throw new PluginOperationException("No repository offers plugin '" + pluginId + "'"
                    + (range == null ? "" : " in versions " + range) + ". Run prsm:show " + pluginId
                    + " to see the versions offered, or prsm:search to see the plugins."
                    + (offer.skipped().isEmpty() ? "" : "\n" + String.join("\n", offer.skipped())));
        }
        return best;
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

    private byte[] download(Resource resource, Repository repository) throws PluginOperationException {
        String what = Listings.name(resource);
        ResourceUtils.ContentCapability content = ResourceUtils.getContentCapability(resource);
        if (content == null || content.url() == null) {
            throw new PluginOperationException("The index of repository '" + repository.name() + "' gives no jar for "
                    + what + "; publish it again.");
        }
        URI url;
        try {
            url = RepositoryReader.jar(repository, content.url());
        } catch (PluginOperationException elsewhere) {
            audit.denied(what, "download " + content.url() + " from repository " + repository.name(),
                    elsewhere.getMessage());
            throw elsewhere;
        }
        try {
            return reader.download(repository, url, content.osgi_content(), what);
        } catch (RepositoryReader.DigestMismatch tampered) {
            audit.denied(what, "download " + url + " from repository " + repository.name(), tampered.getMessage());
            throw tampered;
        }
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
