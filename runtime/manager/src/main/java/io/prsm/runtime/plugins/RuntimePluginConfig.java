package io.prsm.runtime.plugins;

import java.util.Optional;
import java.util.Set;

import io.prsm.api.PluginConfig;
import io.prsm.api.SecurityLevel;
import io.prsm.api.runtime.ConfigValue;
import io.prsm.runtime.config.ConfigLayers;
import io.prsm.limits.Quote;

/**
 * The {@link PluginConfig} the runtime gives a plugin: values from its {@link ConfigLayers}, the
 * permissions wired to the plugin, and its declared limits.
 *
 * <p>Concurrent semantics: immutable.
 */
final class RuntimePluginConfig implements PluginConfig {

    private final PluginDescriptor descriptor;
    private final ConfigLayers layers;
    private final Set<String> granted;

    RuntimePluginConfig(PluginDescriptor descriptor, ConfigLayers layers, Set<String> granted) {
        this.descriptor = descriptor;
        this.layers = layers;
        this.granted = Set.copyOf(granted);
    }

    @Override
    public String pluginId() {
        return descriptor.pluginId();
    }

    @Override
    public SecurityLevel securityLevel() {
        return SecurityLevel.fromId(descriptor.securityLevel()).orElseThrow();
    }

    @Override
    public Optional<String> get(String key) {
        return layers.lookup(key).map(ConfigValue::value);
    }

    @Override
    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    @Override
    public int getInt(String key, int defaultValue) {
        return get(key).map(value -> parse(key, value, "a whole number", Integer::valueOf)).orElse(defaultValue);
    }

    @Override
    public long getLong(String key, long defaultValue) {
        return get(key).map(value -> parse(key, value, "a whole number", Long::valueOf)).orElse(defaultValue);
    }

    @Override
    public double getDouble(String key, double defaultValue) {
        return get(key).map(value -> parse(key, value, "a number", Double::valueOf)).orElse(defaultValue);
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(value -> switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, value, "true or false");
        }).orElse(defaultValue);
    }

    @Override
    public boolean hasPermission(String permission) {
        return granted.contains(permission);
    }

    @Override
    public Set<String> grantedPermissions() {
        return granted;
    }

    @Override
    public long memoryLimit() {
        return descriptor.memory();
    }

    @Override
    public double cpuLimit() {
        return descriptor.cpu();
    }

    @Override
    public long storageLimit() {
        return descriptor.storage();
    }

    private <T> T parse(String key, String value, String expected, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, value, expected);
        }
    }

    private IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("Configuration '" + Quote.prefix(key) + "' of plugin '"
                + descriptor.pluginId() + "' must be " + expected + ", not '" + Quote.prefix(value)
                + "' (change it with prsm:config "
                + descriptor.pluginId() + " " + key + " VALUE, in config/" + descriptor.pluginId()
                + ".json or with " + ConfigLayers.environmentName(descriptor.pluginId(), key) + ")");
    }
}
