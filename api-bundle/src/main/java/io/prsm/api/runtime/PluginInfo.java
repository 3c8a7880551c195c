package io.prsm.api.runtime;

import java.util.List;
import java.util.Set;

/**
 * A snapshot of one plugin: what its manifest declares, what it was granted, where it is in its
 * lifecycle and what it measured. Fields a broken manifest does not supply are empty strings.
 *
 * @param bundleId the OSGi bundle id
 * @param pluginId the plugin id from the {@code prsm.plugin} capability
 * @param version the plugin version
 * @param type the plugin type as written in the manifest
 * @param securityLevel the security level as written in the manifest
 * @param state the lifecycle state
 * @param name {@code Bundle-Name}
 * @param description {@code Bundle-Description}
 * @param vendor {@code Bundle-Vendor}
 * @param location where the bundle was installed from
 * @param capabilities what the plugin declares it can do
 * @param requiredPermissions mandatory permissions
 * @param optionalPermissions optional permissions
 * @param grantedPermissions permissions wired to the plugin
 * @param memory declared memory, bytes
 * @param cpu declared share of a core
 * @param storage declared storage, bytes
 * @param lastError the last lifecycle or task failure, or {@code null}
 * @param metrics task metrics
 * @param hooks the hooks the plugin's {@code HookHandler} services name
 * @param endpoints the HTTP endpoints it registers, each as {@code path (permission)}
 * @param taskTypes the task types it declares it accepts (empty: not declared), since 1.1
 * @param threadsNotStopped its threads that were stopped but still run (code the JVM cannot stop),
 *        each as {@code name (what it did) runs frame[, allocated ...]}, since 1.3
 */
public record PluginInfo(long bundleId, String pluginId, String version, String type, String securityLevel,
        PluginState state, String name, String description, String vendor, String location,
        List<String> capabilities, List<String> requiredPermissions, List<String> optionalPermissions,
        Set<String> grantedPermissions, long memory, double cpu, long storage, String lastError,
        PluginMetrics metrics, List<String> hooks, List<String> endpoints, List<String> taskTypes,
        List<String> threadsNotStopped) {

    /** A plugin with no thread that did not stop, as 1.1 described plugins. */
    public PluginInfo(long bundleId, String pluginId, String version, String type, String securityLevel,
            PluginState state, String name, String description, String vendor, String location,
            List<String> capabilities, List<String> requiredPermissions, List<String> optionalPermissions,
            Set<String> grantedPermissions, long memory, double cpu, long storage, String lastError,
            PluginMetrics metrics, List<String> hooks, List<String> endpoints, List<String> taskTypes) {
        this(bundleId, pluginId, version, type, securityLevel, state, name, description, vendor, location,
                capabilities, requiredPermissions, optionalPermissions, grantedPermissions, memory, cpu, storage,
                lastError, metrics, hooks, endpoints, taskTypes, List.of());
    }

    /** A plugin that declares no task types, as 1.0 described plugins. */
    public PluginInfo(long bundleId, String pluginId, String version, String type, String securityLevel,
            PluginState state, String name, String description, String vendor, String location,
            List<String> capabilities, List<String> requiredPermissions, List<String> optionalPermissions,
            Set<String> grantedPermissions, long memory, double cpu, long storage, String lastError,
            PluginMetrics metrics, List<String> hooks, List<String> endpoints) {
        this(bundleId, pluginId, version, type, securityLevel, state, name, description, vendor, location,
                capabilities, requiredPermissions, optionalPermissions, grantedPermissions, memory, cpu, storage,
                lastError, metrics, hooks, endpoints, List.of());
    }

    public PluginInfo {
        capabilities = List.copyOf(capabilities);
        requiredPermissions = List.copyOf(requiredPermissions);
        optionalPermissions = List.copyOf(optionalPermissions);
        grantedPermissions = Set.copyOf(grantedPermissions);
        hooks = List.copyOf(hooks);
        endpoints = List.copyOf(endpoints);
        taskTypes = List.copyOf(taskTypes);
        threadsNotStopped = List.copyOf(threadsNotStopped);
    }
}
