package io.prsm.sample.analytics;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.prsm.api.PluginConfig;
import io.prsm.api.SecurityLevel;

/** A plugin configuration with chosen values and grants. */
final class TestConfig implements PluginConfig {

    private final Map<String, String> values;
    private final Set<String> granted;

    TestConfig(Map<String, String> values, Set<String> granted) {
        this.values = values;
        this.granted = granted;
    }

    @Override
    public String pluginId() {
        return "analytics-dashboard";
    }

    @Override
    public SecurityLevel securityLevel() {
        return SecurityLevel.SANDBOX;
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public String getString(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public int getInt(String key, int defaultValue) {
        return get(key).map(Integer::parseInt).orElse(defaultValue);
    }

    @Override
    public long getLong(String key, long defaultValue) {
        return get(key).map(Long::parseLong).orElse(defaultValue);
    }

    @Override
    public double getDouble(String key, double defaultValue) {
        return get(key).map(Double::parseDouble).orElse(defaultValue);
    }

    @Override
    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(Boolean::parseBoolean).orElse(defaultValue);
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
        return 268_435_456L;
    }

    @Override
    public double cpuLimit() {
        return 0.25;
    }

    @Override
    public long storageLimit() {
        return 52_428_800L;
    }
}
