package io.prsm.api.marketplace;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * The runtime's marketplace: repositories in the OSGi Repository standard (jars and an R5
 * {@code index.xml} with the SHA-256 of each), kept in the storage folder across restarts.
 *
 * <p>Concurrent semantics: thread-safe; changes to the repository list and to a repository
 * folder are serialized.
 */
@ProviderType
public interface Marketplace {

    /** The repositories, in the order they were added. */
    List<Repository> repositories();

    /**
     * Adds a repository: a folder holding {@code index.xml}, or an http(s) URL of one. Its index
     * is read once, so a wrong location is refused now rather than at the first search.
     *
     * @param signers the certificate subjects one of which must have signed every jar installed
     *        from it; empty for none (then no plugin of level {@code trusted} installs from it)
     * @throws PluginOperationException if the name is taken or not a name, or the index cannot be read
     */
    Repository addRepository(String name, String location, List<String> signers) throws PluginOperationException;

    /** Removes a repository from the list; nothing installed from it changes. */
    Repository removeRepository(String name) throws PluginOperationException;

    /**
     * Validates and scans the jar (a plugin) or checks it is a bundle (a library), copies it into
     * the repository folder and rewrites the folder's {@code index.xml} atomically.
     *
     * @throws PluginOperationException naming every reason when the jar is refused; the folder is
     *         then left as it was
     */
    PublishReport publish(String jar, String folder) throws PluginOperationException;

    /** The plugins of every repository that match, by plugin id then version, newest first. */
    List<Listing> search(SearchQuery query) throws PluginOperationException;

    /**
     * As {@link #search(SearchQuery)}, searching the repositories that can be read: for each one that
     * cannot (a server down, an index gone), {@code warnings} is told one line with the cause and
     * what to do.
     *
     * @throws PluginOperationException if no repository at all can be read
     */
    List<Listing> search(SearchQuery query, java.util.function.Consumer<String> warnings)
            throws PluginOperationException;

    /**
     * Every version of one plugin, newest first.
     *
     * @throws PluginOperationException if no repository offers it
     */
    List<Listing> show(String pluginId) throws PluginOperationException;

    /** As {@link #show(String)}, telling {@code warnings} about each repository that cannot be read. */
    List<Listing> show(String pluginId, java.util.function.Consumer<String> warnings) throws PluginOperationException;

    /**
     * Resolves the newest version of {@code pluginId} within {@code range} (an OSGi version range,
     * null for any) and the library bundles it needs against the repositories, then installs them
     * all or nothing: every jar is checked against the index's SHA-256 first.
     *
     * @throws PluginOperationException saying why, with nothing installed
     */
    InstallReport install(String pluginId, String range) throws PluginOperationException;

    /**
     * As {@link #install(String, String)}, from the named repository only (null: every one). The
     * libraries come from that repository or one at least as strict (requiring only signers it
     * accepts), and the repository is remembered: {@link #update} takes newer versions only from
     * it or from one at least as strict.
     *
     * @throws PluginOperationException saying why, with nothing installed
     */
    InstallReport install(String pluginId, String range, String repository) throws PluginOperationException;

    /** The repository {@code pluginId} was installed from by id, as it was then; empty if none. */
    java.util.Optional<Repository> origin(String pluginId);

    /**
     * Hot-swaps an installed plugin to the newest version the repositories offer within its major
     * version (the range {@code [current, next major)}), taking it only from the repository it was
     * installed from or one at least as strict ({@link #install(String, String, String)}), installing first any library the new
     * version needs; the swap holds tasks, hands the state over and rolls back on failure.
     *
     * A plugin with no recorded repository is refused: see
     * {@link #update(String, String, java.util.function.Consumer, java.util.function.Consumer)}.
     *
     * @return the swap, or empty when the plugin runs the newest version already
     * @throws PluginOperationException if it is not installed, or the update was refused or rolled back
     */
    java.util.Optional<SwapReport> update(String pluginId) throws PluginOperationException;

    /**
     * What {@link #install(String, String, String)} would install, with every jar downloaded and
     * checked (SHA-256, signers, the policy's rules) but nothing installed: a dry run.
     *
     * @param warnings told one line for each repository that could not be read, and for each
     *        offer that was ignored and why
     * @throws PluginOperationException saying why the install would be refused
     */
    InstallPlan plan(String pluginId, String range, String repository, java.util.function.Consumer<String> warnings)
            throws PluginOperationException;

    /**
     * As {@link #install(String, String, String)}, telling {@code plan} what will be installed once it
     * is resolved, downloaded and checked, before anything is installed, and {@code warnings} about
     * each repository skipped and each offer ignored (whether or not the install succeeds).
     */
    InstallReport install(String pluginId, String range, String repository,
            java.util.function.Consumer<InstallPlan> plan, java.util.function.Consumer<String> warnings)
            throws PluginOperationException;

    /**
     * What {@link #update(String, String, java.util.function.Consumer, java.util.function.Consumer)}
     * would install, checked but not installed; empty when the plugin runs the newest version.
     */
    java.util.Optional<InstallPlan> planUpdate(String pluginId, String repository,
            java.util.function.Consumer<String> warnings) throws PluginOperationException;

    /**
     * As {@link #update(String)}, telling {@code plan} what will be installed before the swap and
     * {@code warnings} about each repository skipped and each newer version ignored. A plugin with no
     * recorded repository (installed from a file, or by id before repositories were recorded) is
     * updated only from a repository named here, which is then recorded; with a recorded one,
     * {@code repository} (null: any admitted) narrows the search to a repository at least as strict.
     */
    java.util.Optional<SwapReport> update(String pluginId, String repository,
            java.util.function.Consumer<InstallPlan> plan, java.util.function.Consumer<String> warnings)
            throws PluginOperationException;
}
