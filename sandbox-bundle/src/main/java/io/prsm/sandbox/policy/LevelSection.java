package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.Quote;

/**
 * Reads the {@code levels} section of {@code policy.json}: per untrusted level, the permissions
 * the policy may grant, the packages its plugins may import (never one the platform keeps from
 * them) and the entries it adds to the JDK allow-list.
 *
 * <pre>
 * "levels": {
 *   "sandbox":  { "grantable": ["read_analytics_data"], "packages": ["org.slf4j.*"], "allow": ["..."] },
 *   "isolated": { "grantable": [], "packages": ["io.prsm.api.*"] }
 * }
 * </pre>
 *
 * Every problem names where it is and what to write instead.
 *
 * <p>Concurrent semantics: stateless.
 */
final class LevelSection {

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*(\\.\\*)?");

    private LevelSection() {
    }

    /** {@code levels.<level>.allow}: entries added to the JDK allow-list, in its own syntax. */
    static void allow(JsonNode levels, Map<SecurityLevel, List<String>> allow, List<String> problems) {
        if (!levels.isObject()) {
            return;
        }
        levels.fields().forEachRemaining(entry -> {
            SecurityLevel level = SecurityLevel.fromId(entry.getKey()).orElse(null);
            JsonNode lines = entry.getValue().get("allow");
            if (level == null || level == SecurityLevel.TRUSTED || lines == null) {
                return;
            }
            String where = "levels." + entry.getKey() + ".allow";
            if (!lines.isArray()) {
                problems.add("\"" + where + "\" must be a list of allow-list entries, for example "
                        + "[\"java.util.logging.Logger getLogger info\"]");
                return;
            }
            List<String> added = new ArrayList<>();
            for (JsonNode line : lines) {
                if (!line.isTextual()) {
                    problems.add("\"" + where + "\": " + line + " is not a string");
                } else {
                    added.add(line.asText());
                }
            }
            problems.addAll(io.prsm.sandbox.bytecode.AllowList.problems(level, added));
            allow.put(level, List.copyOf(added));
        });
    }

    /** {@code levels.<level>.grantable} and {@code .packages}, over the defaults in {@code grantable} and {@code packages}. */
    static void rules(JsonNode node, Set<String> permissions, Map<SecurityLevel, Set<String>> grantable,
            Map<SecurityLevel, List<String>> packages, List<String> problems) {
        if (!node.isObject()) {
            problems.add("\"levels\" must be an object with \"sandbox\" and \"isolated\"");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> levels = node.fields(); levels.hasNext();) {
            Map.Entry<String, JsonNode> entry = levels.next();
            SecurityLevel level = SecurityLevel.fromId(entry.getKey()).orElse(null);
            String where = "levels." + Quote.prefix(entry.getKey());
            if (level == null || level == SecurityLevel.TRUSTED) {
                problems.add("\"" + where + "\": only sandbox and isolated have rules (trusted plugins may use "
                        + "everything)");
                continue;
            }
            JsonNode rules = entry.getValue();
            if (!rules.isObject()) {
                problems.add("\"" + where + "\" must be an object with \"grantable\", \"packages\" and \"allow\"");
                continue;
            }
            for (Iterator<String> keys = rules.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!List.of("grantable", "packages", "allow").contains(key)) {
                    problems.add("Unknown field \"" + where + "." + key + "\"; a level has \"grantable\", \"packages\" "
                            + "and \"allow\"");
                }
            }
            if (rules.has("grantable")) {
                Set<String> granted = PolicyParser.names(rules.get("grantable"), where + ".grantable", PolicyParser.NAME, problems);
                PolicyParser.undefined(granted, permissions, where + ".grantable", problems);
                grantable.put(level, granted);
            }
            if (rules.has("packages")) {
                Set<String> allowed = PolicyParser.names(rules.get("packages"), where + ".packages", PACKAGE, problems);
                for (String pattern : allowed) {
                    for (String never : java.util.stream.Stream.concat(Policy.NEVER_PLUGINS.stream(),
                            Policy.NEVER_UNTRUSTED.stream()).toList()) {
                        if (Policy.matches(never, pattern.replace(".*", "")) || Policy.matches(pattern, never.replace(".*", ""))) {
                            problems.add("\"" + where + ".packages\": " + pattern + " would give untrusted plugins "
                                    + never + ", which is never allowed");
                        }
                    }
                }
                packages.put(level, List.copyOf(allowed));
            }
        }
    }
}
