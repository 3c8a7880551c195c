package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.limits.Quote;

/**
 * Reads the {@code entitlements} section of {@code policy.json}:
 *
 * <pre>
 * "entitlements": {
 *   "mode": "enforce",                       enforce (default) | audit
 *   "without_agent": "refuse",               refuse (default) | install_time_checks
 *   "grants": {
 *     "csv-processor": {
 *       "files": [{"path": "imports", "mode": "read"}, {"path": "/srv/exports", "mode": "read_write"}],
 *       "outbound_network": ["api.example.com:443", "*.example.org:*"],
 *       "inbound_network": ["8085"],
 *       "manage_threads": true
 *     }
 *   }
 * }
 * </pre>
 *
 * Every problem names where it is and what to write instead.
 *
 * <p>Concurrent semantics: stateless.
 */
final class EntitlementSection {

    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\*|[A-Za-z0-9*]([A-Za-z0-9.*-]{0,252}))(:(\\*|[0-9]{1,5}))");
    private static final Pattern PORT = Pattern.compile("\\*|[0-9]{1,5}");
    private static final Set<String> FIELDS = Set.of("mode", "without_agent", "grants");
    private static final Set<String> GRANT_FIELDS = Set.of("files", "outbound_network", "inbound_network",
            "manage_threads");

    private EntitlementSection() {
    }

    static EntitlementPolicy parse(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"entitlements\" must be an object with " + FIELDS);
            return EntitlementPolicy.DEFAULT;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("Unknown field \"entitlements." + Quote.prefix(name) + "\"; it has " + FIELDS);
            }
        }
        String mode = text(node, "mode", "enforce");
        if (!List.of("enforce", "audit").contains(mode)) {
            problems.add("\"entitlements.mode\" must be \"enforce\" or \"audit\", not \"" + Quote.prefix(mode) + "\"");
        }
        String withoutAgent = text(node, "without_agent", "refuse");
        if (!List.of("refuse", "install_time_checks").contains(withoutAgent)) {
            problems.add("\"entitlements.without_agent\" must be \"refuse\" or \"install_time_checks\", not \""
                    + Quote.prefix(withoutAgent) + "\"");
        }
        Map<String, PluginEntitlements> grants = new LinkedHashMap<>();
        JsonNode given = node.get("grants");
        if (given != null && !given.isObject()) {
            problems.add("\"entitlements.grants\" must be an object from plugin id to its entitlements");
        } else if (given != null) {
            given.fields().forEachRemaining(entry -> {
                if (!PLUGIN_ID.matcher(entry.getKey()).matches()) {
                    problems.add("\"entitlements.grants\": '" + Quote.prefix(entry.getKey()) + "' is not a plugin id");
                } else {
                    grants.put(entry.getKey(), grant(entry.getValue(), "entitlements.grants." + entry.getKey(), problems));
                }
            });
        }
        return new EntitlementPolicy(mode.equals("audit"), withoutAgent.equals("install_time_checks"), grants);
    }

    private static PluginEntitlements grant(JsonNode node, String where, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"" + where + "\" must be an object with any of " + GRANT_FIELDS);
            return PluginEntitlements.NONE;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!GRANT_FIELDS.contains(name)) {
                problems.add("Unknown field \"" + where + "." + Quote.prefix(name) + "\"; a grant has " + GRANT_FIELDS);
            }
        }
        List<PluginEntitlements.FileEntry> files = new ArrayList<>();
        JsonNode fileNodes = node.get("files");
        if (fileNodes != null && !fileNodes.isArray()) {
            problems.add("\"" + where + ".files\" must be a list of {\"path\": ..., \"mode\": \"read\"|\"read_write\"}");
        } else if (fileNodes != null) {
            for (JsonNode file : fileNodes) {
                String path = file.path("path").asText("");
                String mode = file.path("mode").asText("");
                if (path.isBlank() || path.indexOf('\0') >= 0 || !List.of("read", "read_write").contains(mode)) {
                    problems.add("\"" + where + ".files\": each entry needs a \"path\" and a \"mode\" of \"read\" or "
                            + "\"read_write\", for example {\"path\": \"imports\", \"mode\": \"read\"}");
                } else {
                    files.add(new PluginEntitlements.FileEntry(path, mode.equals("read_write")));
                }
            }
        }
        List<String> outbound = patterns(node.get("outbound_network"), where + ".outbound_network", HOST_PORT,
                "host:port, for example \"api.example.com:443\" or \"*.example.org:*\"", problems);
        List<String> inbound = patterns(node.get("inbound_network"), where + ".inbound_network", PORT,
                "a port number or \"*\"", problems);
        JsonNode threads = node.get("manage_threads");
        if (threads != null && !threads.isBoolean()) {
            problems.add("\"" + where + ".manage_threads\" must be true or false");
        }
        return new PluginEntitlements(files, outbound, inbound, threads != null && threads.asBoolean(false));
    }

    private static List<String> patterns(JsonNode node, String where, Pattern pattern, String expected,
            List<String> problems) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            problems.add("\"" + where + "\" must be a list of " + expected);
            return values;
        }
        for (JsonNode value : node) {
            if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
                problems.add("\"" + where + "\": " + Quote.prefix(value.toString()) + " is not " + expected);
            } else {
                values.add(value.asText());
            }
        }
        return values;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null ? fallback : value.asText(fallback);
    }
}
