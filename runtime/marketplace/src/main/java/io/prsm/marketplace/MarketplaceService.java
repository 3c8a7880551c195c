package io.prsm.marketplace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.marketplace.InstallPlan;
import io.prsm.api.marketplace.InstallReport;
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
 * The {@link Marketplace}: the repository list kept in the storage folder, publishing into a
 * folder, search over the repositories' indexes and install by id (see {@link Installation}).
 *
 * <p>Concurrent semantics: thread-safe. Publishing and installing are serialized (one repository
 * folder is rewritten, or one set of bundles installed, at a time); searches run concurrently.
 */
@Component(service = Marketplace.class)
public final class MarketplaceService implements Marketplace {

    private static final Logger LOG = LoggerFactory.getLogger(MarketplaceService.class);

    private final RepositoryList repositories;
    private final RepositoryReader reader;
    private final Publisher publisher;
    private final Installation installation;
    private final MarketAudit audit;
    private final PluginManager plugins;
    private final LibraryJanitor janitor;
    private final Gatekeeper gatekeeper;
    private final RepositorySearch search;

    @Activate
    public MarketplaceService(@Reference PluginManager plugins, BundleContext context) throws IOException {
        Path storage = storageFolder(context);
        this.plugins = plugins;
        this.repositories = new RepositoryList(storage);
        this.reader = RepositoryReader.from(context::getProperty);
        this.search = new RepositorySearch(repositories, reader);
        this.audit = new MarketAudit(context);
        this.publisher = new Publisher(plugins, audit);
        this.gatekeeper = new Gatekeeper(context);
        this.installation = new Installation(context, plugins, reader, audit, gatekeeper,
                storage.resolve("marketplace"));
        this.janitor = new LibraryJanitor(context, audit, this::forgetUninstalled);
        audit.open();
        gatekeeper.open();
        janitor.open();
    }

    @Deactivate
    void deactivate() {
        janitor.close();
        gatekeeper.close();
        audit.close();
    }

    /**
     * Forgets where each uninstalled plugin came from, so that a plugin installed later under its id
     * from a file is not taken for one from that repository. Under the lock of installs, so a
     * plugin being installed by id is never forgotten between its install and its record.
     */
    private synchronized void forgetUninstalled() {
        try {
            installation.retainOrigins(plugins.list().stream().map(PluginInfo::pluginId).collect(Collectors.toSet()));
        } catch (PluginOperationException unwritable) {
            LOG.warn(unwritable.getMessage());
        }
    }

    @Override
    public List<Repository> repositories() {
        return repositories.all();
    }

    @Override
    public Repository addRepository(String name, String location, List<String> signers)
            throws PluginOperationException {
        URI base = RepositoryReader.base(location);
        for (String signer : signers) {
            Signers.checked(signer);
        }
        Repository repository = new Repository(name,
                "file".equals(base.getScheme()) ? Path.of(location).toAbsolutePath().normalize().toString() : location,
                signers);
        try {
            reader.resources(repository);
        } catch (RepositoryReader.Missing noIndex) {
            throw new PluginOperationException(noIndex.getMessage() + " A repository folder holds index.xml: create "
                    + "one with prsm:publish JAR FOLDER.", noIndex);
        }
        repositories.add(repository);
        return repository;
    }

    @Override
    public Repository removeRepository(String name) throws PluginOperationException {
        return repositories.remove(name);
    }

    @Override
    public synchronized PublishReport publish(String jar, String folder) throws PluginOperationException {
        return publisher.publish(jar, folder);
    }

    @Override
    public List<Listing> search(SearchQuery query) throws PluginOperationException {
        return search(query, LOG::warn);
    }

    @Override
    public List<Listing> search(SearchQuery query, Consumer<String> warnings) throws PluginOperationException {
        return search.search(query, warnings);
    }

    @Override
    public List<Listing> show(String pluginId) throws PluginOperationException {
        return show(pluginId, LOG::warn);
    }

    @Override
    public List<Listing> show(String pluginId, Consumer<String> warnings) throws PluginOperationException {
        return search.show(pluginId, warnings);
    }

    @Override
    public InstallReport install(String pluginId, String range) throws PluginOperationException {
        return install(pluginId, range, null);
    }

    @Override
    public Optional<Repository> origin(String pluginId) {
        return installation.origin(pluginId);
    }

    @Override
    public InstallReport install(String pluginId, String range, String repository) throws PluginOperationException {
        return Warnings.appended(warnings -> install(pluginId, range, repository, plan -> { }, warnings));
    }

    @Override
    public InstallPlan plan(String pluginId, String range, String repository, Consumer<String> warnings)
            throws PluginOperationException {
        InstallPlan[] planned = new InstallPlan[1];
        install(pluginId, range, repository, true, plan -> planned[0] = plan, warnings);
        return planned[0];
    }

    @Override
    public InstallReport install(String pluginId, String range, String repository, Consumer<InstallPlan> plan,
            Consumer<String> warnings) throws PluginOperationException {
        return install(pluginId, range, repository, false, plan, warnings).orElseThrow();
    }

    private synchronized Optional<InstallReport> install(String pluginId, String range, String repository,
            boolean dryRun, Consumer<InstallPlan> plan, Consumer<String> warnings) throws PluginOperationException {
        Optional<PluginInfo> installed = plugins.list().stream().filter(p -> p.pluginId().equals(pluginId)).findFirst();
        if (installed.isPresent()) {
            throw new PluginOperationException(pluginId + " " + installed.get().version() + " is installed; prsm:update "
                    + pluginId + " installs a newer version.");
        }
        VersionRange versions;
        try {
            versions = range == null || range.isBlank() ? null : VersionRange.valueOf(range);
        } catch (IllegalArgumentException malformed) {
            throw new PluginOperationException("'" + range + "' is not a version range (" + malformed.getMessage()
                    + "); give one such as 1.2.0 (at least) or [1.0,2.0).");
        }
        return installation.install(pluginId, versions, someRepositories(pluginId), named(repository), dryRun, plan,
                warnings);
    }

    @Override
    public Optional<SwapReport> update(String pluginId) throws PluginOperationException {
        return Warnings.appended(warnings -> update(pluginId, null, plan -> { }, warnings));
    }

    @Override
    public Optional<InstallPlan> planUpdate(String pluginId, String repository, Consumer<String> warnings)
            throws PluginOperationException {
        List<InstallPlan> planned = new ArrayList<>();
        update(pluginId, repository, true, planned::add, warnings);
        return planned.stream().findFirst();
    }

    @Override
    public Optional<SwapReport> update(String pluginId, String repository, Consumer<InstallPlan> plan,
            Consumer<String> warnings) throws PluginOperationException {
        return update(pluginId, repository, false, plan, warnings);
    }

    private synchronized Optional<SwapReport> update(String pluginId, String repository, boolean dryRun,
            Consumer<InstallPlan> plan, Consumer<String> warnings) throws PluginOperationException {
        PluginInfo installed = plugins.info(pluginId);
        Version current;
        try {
            current = Version.parseVersion(installed.version());
        } catch (IllegalArgumentException malformed) {
            throw new PluginOperationException("Plugin '" + pluginId + "' has version '" + installed.version()
                    + "', which is no OSGi version, so no newer one can be found.");
        }
        return installation.update(installed.pluginId(), current, someRepositories(pluginId), named(repository), dryRun,
                plan, warnings);
    }

    /** The repository named {@code name}; null for none named. */
    private Repository named(String name) throws PluginOperationException {
        if (name == null || name.isBlank()) {
            return null;
        }
        return repositories.named(name).orElseThrow(() -> new PluginOperationException("No repository '" + name
                + "'. Run prsm:repo list to see the repositories."));
    }

    private List<Repository> someRepositories(String pluginId) throws PluginOperationException {
        if (repositories.all().isEmpty()) {
            throw new PluginOperationException("No repository is added, so plugin '" + pluginId + "' cannot be found. "
                    + "Add one with prsm:repo add NAME URL_OR_FOLDER.");
        }
        return repositories.all();
    }

    /** The storage folder ({@code prsm.storage}), or this bundle's data area where none is set. */
    private static Path storageFolder(BundleContext context) {
        String storage = context.getProperty("prsm.storage");
        return storage != null && !storage.isBlank() ? Path.of(storage) : context.getDataFile("").toPath();
    }
}
