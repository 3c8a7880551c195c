package io.prsm.marketplace;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.resource.Resource;
import org.osgi.service.resolver.ResolutionException;

import aQute.bnd.osgi.resource.ResourceUtils;
import io.prsm.api.SecurityLevel;
import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.PlannedJar;
import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * The first half of an install or update by id, which installs nothing: resolve what the chosen
 * plugin needs, download every jar, check it against the index's SHA-256 and the signers required
 * ({@link Trust}), and say what will be installed ({@link InstallPlan}). A dry run stops here.
 *
 * <p>Concurrent semantics: stateless apart from its collaborators; the caller serializes.
 */
final class Planner {

    private final BundleContext context;
    private final RepositoryReader reader;
    private final MarketAudit audit;
    private final Trust trust;
    private final Gatekeeper gatekeeper;

    Planner(BundleContext context, RepositoryReader reader, MarketAudit audit, Gatekeeper gatekeeper) {
        this.context = context;
        this.reader = reader;
        this.audit = audit;
        this.trust = new Trust(audit, gatekeeper);
        this.gatekeeper = gatekeeper;
    }

    /** Everything checked for one install: the libraries then the plugin, each with its jar. */
    record Prepared(Resource plugin, List<Resource> resources, Map<Resource, byte[]> jars, InstallPlan plan) {

        List<Resource> libraries() {
            return resources.subList(0, resources.size() - 1);
        }
    }

    Prepared prepare(String pluginId, Resource chosen, Offer offer) throws PluginOperationException {
        String version = Installation.pluginVersion(chosen).toString();
        Repository origin = offer.origin(chosen);
        List<Resource> resolved;
        DependencyResolver resolver = new DependencyResolver(chosen, context.getBundles(), offer.all());
        try {
            resolved = resolver.resolve();
        } catch (ResolutionException unresolved) {
            String reason = unresolved.getMessage();
            audit.denied(pluginId, "install " + pluginId + " " + version + " from repository " + origin.name(), reason);
            throw new PluginOperationException("Cannot install plugin '" + pluginId + "' " + version + ": what it "
                    + "needs is not in the repositories or not installed. " + reason + "\nNothing was installed; "
                    + "publish the missing library to a repository (prsm:publish) and try again.");
        }
        String level = String.valueOf(Listings.first(chosen, Listings.PLUGIN)
                .map(c -> c.getAttributes().get("security.level")).orElse("sandbox"));
        Map<Resource, byte[]> jars = new HashMap<>();
        List<PlannedJar> planned = new ArrayList<>();
        for (Resource resource : resolved) {
            Repository from = offer.origin(resource);
            byte[] jar = download(resource, from);
            Set<String> signers = trust.check(resource, jar, from);
            jars.put(resource, jar);
            boolean library = resource != chosen;
            planned.add(new PlannedJar(library,
                    library ? ResourceUtils.getIdentity(resource) : pluginId,
                    library ? String.valueOf(ResourceUtils.getIdentityVersion(resource)) : version,
                    from.name(), jar.length, level, List.copyOf(signers)));
        }
        SecurityLevel at = SecurityLevel.fromId(level).orElse(SecurityLevel.ISOLATED);
        for (Resource library : resolved.subList(0, resolved.size() - 1)) {
            scanLibrary(pluginId + " " + version, Listings.name(library), jars.get(library),
                    "from repository '" + offer.origin(library).name() + "'", at);
        }
        // one installed for a plugin of a looser level (or before libraries were scanned) is scanned again at this one
        for (Bundle installed : resolver.installedLibraries()) {
            scanLibrary(pluginId + " " + version, installed.getSymbolicName() + " " + installed.getVersion(),
                    InstalledJar.of(installed), "installed already", at);
        }
        return new Prepared(chosen, resolved, jars, new InstallPlan(pluginId, version, origin.name(), planned));
    }

    /**
     * Scans a library at the level of the plugin that pulls it in, as the plugin's own code is
     * scanned: a library is code the plugin calls, and once installed it counts as platform. A
     * level that cannot be read is taken as the strictest.
     */
    private void scanLibrary(String plugin, String library, byte[] jar, String where, SecurityLevel level)
            throws PluginOperationException {
        List<String> problems = gatekeeper.scan(library, jar, level);
        if (!problems.isEmpty()) {
            audit.denied(plugin, "install library " + library + " (" + where + ") for " + plugin,
                    "the library's code may not run at level " + level.id() + ": " + String.join("; ", problems));
            throw new PluginOperationException("Refused plugin " + plugin + ": the library " + library + " it needs ("
                    + where + ") may not run at level " + level.id() + ", the level of the plugin that pulls it in:"
                    + "\n  - " + String.join("\n  - ", problems) + "\nNothing was installed.");
        }
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
}
