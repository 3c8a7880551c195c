package io.prsm.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.prsm.api.runtime.ConfigValue;

/**
 * One plugin's configuration, layer by layer, lowest first: the metatype defaults, the
 * configuration file, the environment ({@code PRSM_<PLUGIN>_<KEY>}) and the runtime overrides.
 *
 * <p>Concurrent semantics: immutable; the environment lookup must be thread-safe.
 */
public final class ConfigLayers {

    public static final String DEFAULT = "default";
    public static final String FILE = "file";
    public static final String ENVIRONMENT = "environment";
    public static final String OVERRIDE = "override";

    private final String pluginId;
    private final ConfigSchema schema;
    private final Map<String, String> file;
    private final Function<String, String> environment;
    private final Map<String, String> overrides;

    public ConfigLayers(String pluginId, ConfigSchema schema, Map<String, String> file,
            Function<String, String> environment, Map<String, String> overrides) {
        this.pluginId = pluginId;
        this.schema = schema;
        this.file = Map.copyOf(file);
        this.environment = environment;
        this.overrides = Map.copyOf(overrides);
    }

    /** The environment variable that configures {@code key} of {@code pluginId}. */
    public static String environmentName(String pluginId, String key) {
        return ("PRSM_" + pluginId + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String pluginId() {
        return pluginId;
    }

    public ConfigSchema schema() {
        return schema;
    }

    public Map<String, String> overrides() {
        return overrides;
    }

    /** The same layers with the override of {@code key} set to {@code value}, or removed for null. */
    public ConfigLayers withOverride(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(overrides);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return new ConfigLayers(pluginId, schema, file, environment, changed);
    }

    /** The effective value of {@code key} and its layer, if any layer sets it. */
    public Optional<ConfigValue> lookup(String key) {
        String description = schema.description(key);
        if (overrides.containsKey(key)) {
            return Optional.of(new ConfigValue(key, overrides.get(key), OVERRIDE, description));
        }
        String fromEnvironment = environment.apply(environmentName(pluginId, key));
        if (fromEnvironment != null) {
            return Optional.of(new ConfigValue(key, fromEnvironment, ENVIRONMENT, description));
        }
        if (file.containsKey(key)) {
            return Optional.of(new ConfigValue(key, file.get(key), FILE, description));
        }
        String fallback = schema.defaults().get(key);
        return fallback == null ? Optional.empty() : Optional.of(new ConfigValue(key, fallback, DEFAULT, description));
    }

    /** Every key some layer sets (or the description names), with its effective value. */
    public List<ConfigValue> effective() {
        Set<String> keys = new LinkedHashSet<>(schema.keys());
        keys.addAll(file.keySet());
        keys.addAll(overrides.keySet());
        List<ConfigValue> values = new ArrayList<>();
        for (String key : keys) {
            lookup(key).ifPresent(values::add);
        }
        return values;
    }

    /** What is wrong with the values the layers set, each naming its layer and how to change it. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ConfigValue value : effective()) {
            if (value.layer().equals(DEFAULT)) {
                continue;
            }
            schema.problem(value.key(), value.value()).ifPresent(problem -> problems.add(problem + " (from the "
                    + value.layer() + " layer: " + whereToChange(value) + ")"));
        }
        return problems;
    }

    private String whereToChange(ConfigValue value) {
        return switch (value.layer()) {
            case ENVIRONMENT -> "environment variable " + environmentName(pluginId, value.key());
            case FILE -> "config/" + pluginId + ".json in the storage folder";
            default -> "prsm:config " + pluginId + " " + value.key() + " VALUE";
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigLayers layers && layers.pluginId.equals(pluginId)
                && layers.effective().equals(effective());
    }

    @Override
    public int hashCode() {
        return effective().hashCode();
    }
}
