package io.prsm.runtime.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.limits.BoundedFile;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;

/**
 * Reads and writes the layers of each plugin's configuration. The runtime override layer is the
 * Configuration Admin configuration with PID {@code prsm.plugin.<id>}, so any Configuration Admin
 * client (a web console, a file installer) sees and changes the same values; the metatype
 * description the plugin ships for that PID gives defaults and checks.
 *
 * <p>Concurrent semantics: thread-safe; Configuration Admin and the metatype service are, and the
 * file is read whole on each load.
 */
public final class PluginConfigurations {

    /** The PID prefix; the plugin id follows. */
    public static final String PID_PREFIX = "prsm.plugin.";

    private final Path folder;
    private final Function<String, String> environment;
    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configurationAdmin;
    private final ServiceTracker<MetaTypeService, MetaTypeService> metatype;
    /** Configuration files are read within the {@code prsm.json.*} limits, and errors never quote them. */
    private final BoundedJson json;

    /**
     * @param folder where the configuration files are, one {@code <plugin-id>.json} each
     */
    public PluginConfigurations(BundleContext context, Path folder, Function<String, String> environment) {
        this.folder = folder;
        this.environment = environment;
        this.json = BoundedJson.of(JsonLimits.from(context::getProperty)).withoutEcho();
        this.configurationAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        this.metatype = new ServiceTracker<>(context, MetaTypeService.class, null);
        configurationAdmin.open();
        metatype.open();
    }

    public void close() {
        metatype.close();
        configurationAdmin.close();
    }

    public static String pid(String pluginId) {
        return PID_PREFIX + pluginId;
    }

    public Path file(String pluginId) {
        return folder.resolve(pluginId + ".json");
    }

    /**
     * The plugin's layers as they are now.
     *
     * @throws ConfigurationException if the configuration file cannot be read or is not a JSON
     *         object of plain values, or Configuration Admin cannot be read
     */
    public ConfigLayers load(Bundle bundle, String pluginId) throws ConfigurationException {
        return new ConfigLayers(pluginId, schema(bundle, pluginId), readFile(pluginId), environment,
                readOverrides(pluginId));
    }

    /** Replaces the override layer of {@code pluginId} by {@code overrides}. */
    public void storeOverrides(String pluginId, Map<String, String> overrides) throws ConfigurationException {
        ConfigurationAdmin admin = configurationAdmin.getService();
        if (admin == null) {
            throw new ConfigurationException("Configuration Admin is not running, so runtime overrides cannot be "
                    + "kept; set the value in config/" + pluginId + ".json in the storage folder instead.");
        }
        try {
            Configuration configuration = admin.getConfiguration(pid(pluginId), "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            overrides.forEach(properties::put);
            configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            throw new ConfigurationException("Configuration Admin could not store the overrides of plugin '"
                    + pluginId + "': " + e.getMessage());
        }
    }

    /**
     * Deletes the override layer of {@code pluginId} from Configuration Admin.
     *
     * @return whether there was one
     */
    public boolean deleteOverrides(String pluginId) throws ConfigurationException {
        ConfigurationAdmin admin = configurationAdmin.getService();
        if (admin == null) {
            return false;
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "="
                    + pid(pluginId) + ")");
            if (found == null) {
                return false;
            }
            for (Configuration configuration : found) {
                configuration.delete();
            }
            return true;
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new ConfigurationException("Configuration Admin could not delete the overrides of plugin '"
                    + pluginId + "': " + e.getMessage());
        }
    }

    private ConfigSchema schema(Bundle bundle, String pluginId) {
        MetaTypeService service = metatype.getService();
        if (service == null) {
            return ConfigSchema.none();
        }
        MetaTypeInformation information = service.getMetaTypeInformation(bundle);
        if (information == null) {
            return ConfigSchema.none();
        }
        for (String pid : information.getPids()) {
            if (pid.equals(pid(pluginId))) {
                ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
                return definition == null ? ConfigSchema.none() : ConfigSchema.of(definition);
            }
        }
        return ConfigSchema.none();
    }

    private Map<String, String> readFile(String pluginId) throws ConfigurationException {
        Path file = file(pluginId);
        byte[] content;
        try {
            // only a regular file of bounded size: a named pipe here would hang the plugin's start
            content = BoundedFile.read(file, json.limits().maxBytes(), JsonLimits.MAX_BYTES, null);
        } catch (NoSuchFileException absent) {
            return Map.of();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + file + ": " + Quote.prefix(String.valueOf(e.getMessage()),
                    300));
        }
        JsonNode root;
        try {
            root = json.read(content, file.toString());
        } catch (JsonInputException malformed) {
            throw new ConfigurationException(malformed.getMessage() + " Fix the file, then start the plugin again.");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigurationException(file + " must hold one JSON object of keys and values, for example "
                    + "{\"retention_days\": 30}.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var fields = root.fields(); fields.hasNext();) {
            var field = fields.next();
            JsonNode value = field.getValue();
            if (value.isValueNode() && !value.isNull()) {
                values.put(field.getKey(), value.asText());
            } else if (value.isArray() && allPlain(value)) {
                values.put(field.getKey(), join(value));
            } else {
                throw new ConfigurationException(file + ": \"" + Quote.prefix(field.getKey()) + "\" must be a string, number, "
                        + "boolean or a list of them, not " + value.getNodeType().name().toLowerCase());
            }
        }
        return values;
    }

    private static boolean allPlain(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isValueNode() || element.isNull()) {
                return false;
            }
        }
        return true;
    }

    private static String join(JsonNode array) {
        StringBuilder joined = new StringBuilder();
        for (JsonNode element : array) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(element.asText());
        }
        return joined.toString();
    }

    private Map<String, String> readOverrides(String pluginId) throws ConfigurationException {
        ConfigurationAdmin admin = configurationAdmin.getService();
        if (admin == null) {
            return Map.of();
        }
        try {
            Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid(pluginId) + ")");
            if (found == null || found.length == 0 || found[0].getProperties() == null) {
                return Map.of();
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            Dictionary<String, Object> properties = found[0].getProperties();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!key.equals(Constants.SERVICE_PID) && !key.startsWith("service.") && !key.startsWith("felix.")) {
                    Object value = properties.get(key);
                    overrides.put(key, value instanceof String[] array ? String.join(",", array) : String.valueOf(value));
                }
            }
            return overrides;
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new ConfigurationException("Configuration Admin could not read the overrides of plugin '" + pluginId
                    + "': " + e.getMessage());
        }
    }
}
