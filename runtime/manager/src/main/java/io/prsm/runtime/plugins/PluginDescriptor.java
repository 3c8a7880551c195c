package io.prsm.runtime.plugins;

import java.util.List;

/**
 * What a plugin's manifest declares, as read from its headers. Values the manifest gets wrong are
 * kept as written (or empty), so a refused plugin can still be shown to the operator.
 *
 * <p>Concurrent semantics: immutable.
 */
public record PluginDescriptor(String symbolicName, String pluginId, String version, String type,
        String securityLevel, List<String> capabilities, List<String> requiredPermissions,
        List<String> optionalPermissions, long memory, double cpu, long storage, String name,
        String description, String vendor, List<String> taskTypes) {

    /** Defaults for resource attributes a manifest leaves out (the annotation always writes them). */
    public static final long DEFAULT_MEMORY = 128L * 1024 * 1024;
    public static final double DEFAULT_CPU = 0.25;
    public static final long DEFAULT_STORAGE = 10L * 1024 * 1024;

    public PluginDescriptor {
        capabilities = List.copyOf(capabilities);
        requiredPermissions = List.copyOf(requiredPermissions);
        optionalPermissions = List.copyOf(optionalPermissions);
        taskTypes = List.copyOf(taskTypes);
    }
}
