package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Version;

import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.limits.Quote;

/**
 * Reads a plugin's {@code prsm.plugin} capability, {@code prsm.permission} and
 * {@code prsm.runtime} requirements from the raw manifest headers and checks them against the
 * plugin contract. Works on the text as written (so {@code version:Version=1.0} is caught even
 * though OSGi would read it as 1.0.0), before or after the bundle is installed.
 *
 * <p>Concurrent semantics: immutable and stateless; safe to share.
 */
public final class ManifestValidator {

    static final String PLUGIN_NAMESPACE = "prsm.plugin";
    static final String PERMISSION_NAMESPACE = "prsm.permission";
    static final String RUNTIME_NAMESPACE = "prsm.runtime";

    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** Capability, task type and permission names. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern SEMANTIC_VERSION = Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)");

    private final Version runtimeVersion;

    /** @param runtimeVersion the version this runtime provides in {@code prsm.runtime} */
    public ManifestValidator(Version runtimeVersion) {
        this.runtimeVersion = runtimeVersion;
    }

    /** Whether the headers declare a plugin at all (a {@code prsm.plugin} capability). */
    public static boolean declaresPlugin(Map<String, String> headers) {
        String provided = headers.get("Provide-Capability");
        if (provided == null || !provided.contains(PLUGIN_NAMESPACE)) {
            return false;
        }
        try {
            return Arrays.stream(Parser.parseHeader(provided)).anyMatch(c -> PLUGIN_NAMESPACE.equals(c.getName()));
        } catch (RuntimeException malformed) {
            return true; // it mentions the namespace; let check() report what is malformed
        }
    }

    /** Reads and checks the plugin declared by {@code headers}. */
    public ManifestCheck check(Map<String, String> headers) {
        List<String> problems = new ArrayList<>();
        String symbolicName = symbolicName(headers.get("Bundle-SymbolicName"));
        if (symbolicName.isEmpty()) {
            problems.add("The jar has no Bundle-SymbolicName: it is not an OSGi bundle. Build it with bnd "
                    + "(bnd-maven-plugin) so the manifest is generated.");
        }
        Clause plugin = pluginClause(headers.get("Provide-Capability"), problems);
        PluginRequirements requirements = PluginRequirements.read(headers.get("Require-Capability"), runtimeVersion,
                problems);
        PluginDescriptor descriptor = plugin == null ? null
                : describe(plugin, headers, symbolicName, requirements, problems);
        if (descriptor != null && !requirements.runtimeRequired()) {
            problems.add("The plugin does not say which runtime version it needs (no prsm.runtime requirement). "
                    + "@PrsmPlugin writes it; set @PrsmPlugin(runtime = \"" + runtimeVersion + "\").");
        }
        if (descriptor != null && descriptor.name().isEmpty()) {
            problems.add("The plugin has no Bundle-Name: give it a human-readable name (bnd takes it from the "
                    + "Maven project's <name>).");
        }
        return new ManifestCheck(descriptor, problems);
    }

    private Clause pluginClause(String provided, List<String> problems) {
        if (provided == null || provided.isBlank()) {
            problems.add(noPluginCapability());
            return null;
        }
        Clause[] clauses;
        try {
            clauses = Parser.parseHeader(provided);
        } catch (RuntimeException malformed) {
            // Felix utils' parser answers some malformed text with other exceptions (an index out of bounds)
            problems.add("The Provide-Capability header does not parse (" + Quote.prefix(String.valueOf(malformed.getMessage()), 120)
                    + "). Let bnd write it from the @PrsmPlugin annotation.");
            return null;
        }
        List<Clause> plugins = Arrays.stream(clauses).filter(c -> PLUGIN_NAMESPACE.equals(c.getName())).toList();
        if (plugins.isEmpty()) {
            problems.add(noPluginCapability());
            return null;
        }
        if (plugins.size() > 1) {
            problems.add("The manifest declares " + plugins.size() + " prsm.plugin capabilities; a bundle is exactly "
                    + "one plugin. Keep one @PrsmPlugin annotation.");
        }
        return plugins.get(0);
    }

    private static String noPluginCapability() {
        return "The jar declares no prsm.plugin capability, so it is not a PRSM plugin. Annotate the class that "
                + "implements io.prsm.api.Plugin with @PrsmPlugin.";
    }

    private PluginDescriptor describe(Clause clause, Map<String, String> headers, String symbolicName,
            PluginRequirements requirements, List<String> problems) {
        String pluginId = text(attribute(clause, PLUGIN_NAMESPACE));
        if (pluginId.isEmpty()) {
            problems.add("The prsm.plugin capability has no plugin id (attribute prsm.plugin). Set @PrsmPlugin(id = ...).");
        } else if (!PLUGIN_ID.matcher(pluginId).matches()) {
            problems.add("Plugin id '" + Quote.prefix(pluginId) + "' is malformed: use a lower-case letter, then lower-case letters, "
                    + "digits and dashes, at most 64 characters (for example analytics-dashboard).");
        }
        String version = checkVersion(attribute(clause, "version"), problems);
        String type = text(attribute(clause, "type"));
        if (type.isEmpty()) {
            problems.add("The prsm.plugin capability has no type. Set @PrsmPlugin(type = ...) to one of " + typeIds() + ".");
        } else if (PluginType.fromId(type).isEmpty()) {
            problems.add("Field 'type': '" + Quote.prefix(type) + "' is not a plugin type; use one of " + typeIds() + ".");
        }
        String level = text(attribute(clause, "security.level"));
        if (level.isEmpty()) {
            problems.add("The prsm.plugin capability has no security.level. Set @PrsmPlugin(level = ...) to one of "
                    + levelIds() + ".");
        } else if (SecurityLevel.fromId(level).isEmpty()) {
            problems.add("Field 'security.level': '" + Quote.prefix(level) + "' is not a security level; use one of " + levelIds() + ".");
        }
        List<String> capabilities = checkCapabilities(attribute(clause, "capabilities"), problems);
        long memory = positiveLong(attribute(clause, "memory"), "memory", PluginDescriptor.DEFAULT_MEMORY, problems);
        long storage = positiveLong(attribute(clause, "storage"), "storage", PluginDescriptor.DEFAULT_STORAGE, problems);
        double cpu = cpu(attribute(clause, "cpu"), problems);
        return new PluginDescriptor(symbolicName, pluginId, version, type, level, capabilities,
                requirements.mandatory(), requirements.optional(), memory, cpu, storage, text(headers.get("Bundle-Name")), text(headers.get("Bundle-Description")),
                text(headers.get("Bundle-Vendor")), checkTaskTypes(attribute(clause, "task.types"), problems));
    }

    private static String checkVersion(Attribute attribute, List<String> problems) {
        String version = text(attribute);
        if (version.isEmpty()) {
            problems.add("The prsm.plugin capability has no version. Set @PrsmPlugin(version = \"X.Y.Z\").");
            return version;
        }
        String declaredType = typeOf(attribute);
        if (!declaredType.isEmpty() && !"Version".equals(declaredType)) {
            problems.add("Field 'version' is declared as " + Quote.prefix(declaredType) + "; it must be of type Version.");
        }
        if (!SEMANTIC_VERSION.matcher(version).matches()) {
            problems.add("Field 'version': '" + Quote.prefix(version) + "' is not a semantic version; write it as X.Y.Z, "
                    + "for example 1.0.0.");
        }
        return version;
    }

    private static List<String> checkCapabilities(Attribute attribute, List<String> problems) {
        if (attribute == null) {
            problems.add("The prsm.plugin capability lists no capabilities. Say what the plugin can do with "
                    + "@PrsmPlugin(capabilities = {...}).");
            return List.of();
        }
        List<String> capabilities = Arrays.stream(attribute.getValue().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (capabilities.isEmpty()) {
            problems.add("The prsm.plugin capability lists no capabilities. Say what the plugin can do with "
                    + "@PrsmPlugin(capabilities = {...}).");
        }
        for (String capability : capabilities) {
            if (!NAME.matcher(capability).matches()) {
                problems.add("Capability '" + Quote.prefix(capability) + "' is malformed: use lower-case letters, digits and "
                        + "underscores, starting with a letter (for example data_visualization).");
            }
        }
        return capabilities;
    }

    /** The declared task types; none declared is fine (every task reaches the plugin). */
    private static List<String> checkTaskTypes(Attribute attribute, List<String> problems) {
        if (attribute == null) {
            return List.of();
        }
        List<String> types = Arrays.stream(attribute.getValue().split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
        for (String type : types) {
            if (!NAME.matcher(type).matches()) {
                problems.add("Task type '" + Quote.prefix(type) + "' is malformed: use lower-case letters, digits and "
                        + "underscores, starting with a letter (for example get_metrics).");
            }
        }
        return types;
    }

    private static long positiveLong(Attribute attribute, String field, long defaultValue, List<String> problems) {
        if (attribute == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(attribute.getValue().trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.add("Field '" + field + "': '" + Quote.prefix(attribute.getValue()) + "' must be a positive whole number of bytes.");
        return defaultValue;
    }

    private static double cpu(Attribute attribute, List<String> problems) {
        if (attribute == null) {
            return PluginDescriptor.DEFAULT_CPU;
        }
        try {
            double value = Double.parseDouble(attribute.getValue().trim());
            if (value > 0 && value <= 1024) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problems.add("Field 'cpu': '" + Quote.prefix(attribute.getValue()) + "' must be a share of CPU cores above 0, for example 0.25.");
        return PluginDescriptor.DEFAULT_CPU;
    }

    private static Attribute attribute(Clause clause, String name) {
        for (Attribute attribute : clause.getAttributes()) {
            String declared = attribute.getName();
            int colon = declared.indexOf(':');
            if ((colon < 0 ? declared : declared.substring(0, colon)).equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    private static String typeOf(Attribute attribute) {
        int colon = attribute.getName().indexOf(':');
        return colon < 0 ? "" : attribute.getName().substring(colon + 1);
    }

    private static String text(Attribute attribute) {
        return attribute == null ? "" : attribute.getValue().trim();
    }

    private static String text(String header) {
        return header == null ? "" : header.trim();
    }

    private static String symbolicName(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    private static String typeIds() {
        return Arrays.stream(PluginType.values()).map(PluginType::id).collect(Collectors.joining(", "));
    }

    private static String levelIds() {
        return Arrays.stream(SecurityLevel.values()).map(SecurityLevel::id).collect(Collectors.joining(", "));
    }
}
