package io.prsm.api.runtime;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;

/**
 * Installs, starts, stops and uninstalls plugins and executes their tasks. A plugin is named by
 * its plugin id or by its bundle id.
 *
 * <p>Concurrent semantics: thread-safe. Lifecycle operations on one plugin are serialized;
 * tasks run on the runtime's threads, never on the caller's.
 */
@ProviderType
public interface PluginManager {

    /** Every plugin, in bundle id order. */
    List<PluginInfo> list();

    /** One plugin. */
    PluginInfo info(String plugin) throws PluginOperationException;

    /**
     * Validates the jar at {@code location} (a URL or a file path), installs it and starts it.
     * Returns once the plugin is active. A refused jar leaves the runtime as it was.
     *
     * @throws PluginOperationException naming every problem if the jar cannot be read, is not a
     *         valid plugin, is already installed, does not resolve or fails to initialize
     */
    default PluginInfo install(String location) throws PluginOperationException {
        return install(location, null);
    }

    /**
     * As {@link #install(String)}, but refuses the jar unless its SHA-256 is {@code sha256} (64 hex
     * digits, as {@code sha256sum} prints them): for a jar downloaded from a URL. Null checks nothing.
     *
     * @since 1.1
     */
    PluginInfo install(String location, String sha256) throws PluginOperationException;

    /** Starts a stopped or failed plugin and waits until it is active; clears a quarantine. */
    PluginInfo start(String plugin) throws PluginOperationException;

    /** Stops a plugin; queued tasks are answered with an error. */
    PluginInfo stop(String plugin) throws PluginOperationException;

    /**
     * Stops and uninstalls a plugin. Its stored data and configuration overrides stay, bound to its
     * bundle: another bundle that claims the same plugin id is refused until they are purged.
     */
    void uninstall(String plugin) throws PluginOperationException;

    /**
     * Deletes what the runtime keeps for plugin id {@code pluginId} of a plugin that is not
     * installed: its stored data, its configuration overrides and the record of which bundle the id
     * belongs to, so that another bundle may claim the id. The configuration file the operator wrote
     * ({@code config/<id>.json}) is left alone.
     *
     * @return what was deleted, for the operator
     * @throws PluginOperationException if a bundle with that id is installed, or nothing is kept for it
     */
    String purge(String pluginId) throws PluginOperationException;

    /**
     * Replaces {@code plugin} by the jar at {@code location} (a newer or older version of the same
     * plugin id) while the runtime keeps running: the jar is validated and scanned first; new
     * tasks wait while running ones finish; a {@link io.prsm.api.StatefulPlugin} hands its state
     * over; on any failure the old version and its state are restored. No queued task is lost.
     *
     * @throws PluginOperationException saying why the swap was refused or rolled back
     */
    default SwapReport swap(String plugin, String location) throws PluginOperationException {
        return swap(plugin, location, null);
    }

    /**
     * As {@link #swap(String, String)}, but refuses the jar unless its SHA-256 is {@code sha256};
     * null checks nothing.
     *
     * @since 1.1
     */
    SwapReport swap(String plugin, String location, String sha256) throws PluginOperationException;

    /**
     * Queues {@code task} for {@code plugin}. Every failure after the plugin was found, including
     * a full queue, a timeout or a quarantine, completes the stage with a failed
     * {@link PluginResponse}, never exceptionally.
     *
     * @throws PluginOperationException if there is no such plugin
     */
    CompletionStage<PluginResponse> execute(String plugin, Task task) throws PluginOperationException;

    /**
     * Checks the jar at {@code location} the way {@link #install} does, without installing it.
     *
     * @throws PluginOperationException if the jar cannot be read at all
     */
    ValidationReport validate(String location) throws PluginOperationException;

    /**
     * The plugin's effective configuration: each key with its value and the layer it comes from.
     *
     * @throws PluginOperationException if there is no such plugin
     */
    List<ConfigValue> configuration(String plugin) throws PluginOperationException;

    /**
     * Sets a runtime override of {@code key} (the top layer, kept in Configuration Admin) and applies
     * it to the running plugin; {@code value} null removes the override. The value is checked against
     * the plugin's metatype description, then by the plugin itself; a refused value changes nothing.
     *
     * @return the effective configuration after the change
     * @throws PluginOperationException if there is no such plugin or the value is refused, with the reason
     */
    List<ConfigValue> configure(String plugin, String key, String value) throws PluginOperationException;
}
