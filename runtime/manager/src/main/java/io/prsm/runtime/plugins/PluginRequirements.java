package io.prsm.runtime.plugins;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Directive;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;

import io.prsm.limits.Quote;

/**
 * A plugin's requirements as its manifest's {@code Require-Capability} states them: the
 * {@code prsm.permission} ones it cannot work without and those it can, and whether it says
 * which {@code prsm.runtime} it needs (checked against this runtime's version).
 *
 * @param mandatory permissions required with the default resolution
 * @param optional permissions required with {@code resolution:=optional}
 * @param runtimeRequired whether a {@code prsm.runtime} requirement is present
 */
record PluginRequirements(List<String> mandatory, List<String> optional, boolean runtimeRequired) {

    private static final Pattern PERMISSION_FILTER = Pattern.compile("\\(prsm\\.permission=([^()*\\\\]*)\\)");

    /**
     * Reads the {@code Require-Capability} header {@code required}, adding what breaks the
     * contract to {@code problems}.
     */
    static PluginRequirements read(String required, Version runtimeVersion, List<String> problems) {
        List<String> mandatory = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        boolean runtimeRequired = false;
        if (required == null || required.isBlank()) {
            return new PluginRequirements(mandatory, optional, false);
        }
        Clause[] clauses;
        try {
            clauses = Parser.parseHeader(required);
        } catch (RuntimeException malformed) {
            problems.add("The Require-Capability header does not parse (" + Quote.prefix(String.valueOf(malformed.getMessage()), 120) + ").");
            return new PluginRequirements(mandatory, optional, false);
        }
        for (Clause clause : clauses) {
            if (ManifestValidator.PERMISSION_NAMESPACE.equals(clause.getName())) {
                String permission = permission(clause, problems);
                if (permission != null) {
                    ("optional".equals(directive(clause, "resolution")) ? optional : mandatory).add(permission);
                }
            } else if (ManifestValidator.RUNTIME_NAMESPACE.equals(clause.getName())) {
                runtimeRequired = true;
                checkRuntime(clause, runtimeVersion, problems);
            }
        }
        return new PluginRequirements(mandatory, optional, runtimeRequired);
    }

    private static String permission(Clause clause, List<String> problems) {
        String filter = directive(clause, "filter");
        Matcher matcher = PERMISSION_FILTER.matcher(filter == null ? "" : filter.trim());
        if (!matcher.matches()) {
            problems.add("Permission requirement filter '" + Quote.prefix(filter) + "' must have the form (prsm.permission=NAME); "
                    + "write it with @RequiresPermission or @OptionalPermission.");
            return null;
        }
        String permission = matcher.group(1);
        if (!ManifestValidator.NAME.matcher(permission).matches()) {
            problems.add("Permission '" + Quote.prefix(permission) + "' is malformed: use lower-case letters, digits and "
                    + "underscores, starting with a letter (for example read_analytics_data).");
            return null;
        }
        return permission;
    }

    private static void checkRuntime(Clause clause, Version runtimeVersion, List<String> problems) {
        String filter = directive(clause, "filter");
        try {
            Filter parsed = FrameworkUtil.createFilter(filter == null ? "" : filter);
            Dictionary<String, Object> provided = new Hashtable<>(Map.of("version", runtimeVersion));
            if (!parsed.match(provided)) {
                problems.add("The plugin needs runtime " + Quote.prefix(filter) + " but this is runtime " + runtimeVersion
                        + ". Install a runtime that satisfies it, or build the plugin for this one.");
            }
        } catch (InvalidSyntaxException malformed) {
            problems.add("The prsm.runtime requirement filter '" + Quote.prefix(filter) + "' is malformed: " + Quote.prefix(malformed.getMessage(), 120));
        }
    }

    private static String directive(Clause clause, String name) {
        for (Directive directive : clause.getDirectives()) {
            if (directive.getName().equals(name)) {
                return directive.getValue();
            }
        }
        return null;
    }
}
