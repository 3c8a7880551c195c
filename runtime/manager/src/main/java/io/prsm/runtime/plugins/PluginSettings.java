package io.prsm.runtime.plugins;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a plugin's configuration values come from, lowest layer first: the default the plugin
 * passes, the framework property {@code prsm.plugin.<id>.<key>}, then the environment variable
 * {@code PRSM_<ID>_<KEY>} (upper case, {@code -} and {@code .} written as {@code _}).
 *
 * <p>Concurrent semantics: immutable; the lookups it is given must be thread-safe.
 */
public final class PluginSettings {

    private final Function<String, String> frameworkProperties;
    private final Function<String, String> environment;

    public PluginSettings(Function<String, String> frameworkProperties, Function<String, String> environment) {
        this.frameworkProperties = frameworkProperties;
        this.environment = environment;
    }

    /** The configured value of {@code key} for {@code pluginId}, if any layer sets it. */
    public Optional<String> value(String pluginId, String key) {
        String fromEnvironment = environment.apply(environmentName(pluginId, key));
        if (fromEnvironment != null) {
            return Optional.of(fromEnvironment);
        }
        return Optional.ofNullable(frameworkProperties.apply("prsm.plugin." + pluginId + "." + key));
    }

    /** The environment variable that configures {@code key} of {@code pluginId}. */
    public static String environmentName(String pluginId, String key) {
        return ("PRSM_" + pluginId + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
