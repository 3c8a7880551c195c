package io.prsm.sandbox.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.api.SecurityLevel;
import io.prsm.api.hooks.Hooks;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonInputException;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;

/**
 * Reads {@code policy.json}. Every problem is reported with where it is in the file and what to
 * write instead; a section the file leaves out keeps its default. The file is read within the
 * {@link JsonLimits}; a syntax error says where, never what the file holds (it may be a link the
 * operator named to any file), and every check takes time linear in the file's size.
 *
 * <pre>
 * {
 *   "permissions": ["read_analytics_data", "write_dashboard_config", "admin_access"],
 *   "levels": {
 *     "sandbox":  { "grantable": ["read_analytics_data"], "packages": ["io.prsm.api.*", "org.slf4j.*"] },
 *     "isolated": { "grantable": [], "packages": ["io.prsm.api.*"] }
 *   },
 *   "trusted": { "webhook-integration": "CN=Example Corp", "local-tools": "" },
 *   "plugins": { "analytics-dashboard": { "grant": ["admin_access"], "deny": [] } },
 *   "tokens": { "dashboard-reader": { "sha256": "9f86d0...", "permissions": ["analytics_read"] } }
 * }
 * </pre>
 *
 * <p>Concurrent semantics: thread-safe; the reader is only read.
 */
public final class PolicyParser {

    /** Problems named one by one; the rest are counted. */
    static final int NAMED_PROBLEMS = 20;

    /** A permission's name. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Set<String> SECTIONS = Set.of("permissions", "levels", "trusted", "plugins", "tokens",
            "entitlements", "containment", "repositories");

    /** The platform events the default policy defines permissions for. */
    public static final List<String> STANDARD_HOOKS = List.of("user_login", "user_logout", "message_sent",
            "channel_join", "channel_leave");


    /** The outcome: a policy when there were no problems, else the problems. */
    public record Result(Policy policy, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** The policy in force when the operator wrote none: safe for untrusted plugins, trusts nobody. */
    public static Policy defaults() {
        Set<String> sandbox = new LinkedHashSet<>(List.of("read_analytics_data", "write_dashboard_config",
                "access_user_metrics"));
        Set<String> permissions = new LinkedHashSet<>(sandbox);
        for (String hook : STANDARD_HOOKS) {
            sandbox.add(Hooks.subscribePermission(hook));
            permissions.add(Hooks.subscribePermission(hook));
            // publishing platform events is for trusted plugins, or a plugin the policy names
            permissions.add(Hooks.publishPermission(hook));
        }
        Map<SecurityLevel, Set<String>> grantable = new EnumMap<>(SecurityLevel.class);
        grantable.put(SecurityLevel.SANDBOX, sandbox);
        grantable.put(SecurityLevel.ISOLATED, Set.of("read_analytics_data"));
        Map<SecurityLevel, List<String>> packages = new EnumMap<>(SecurityLevel.class);
        packages.put(SecurityLevel.SANDBOX, List.of("io.prsm.api.*", "com.fasterxml.jackson.*", "org.slf4j.*"));
        packages.put(SecurityLevel.ISOLATED, List.of("io.prsm.api.*"));
        return new Policy(permissions, grantable, packages, Map.of(), Map.of(), List.of());
    }

    private final BoundedJson json;

    /** A parser within the default JSON limits. */
    public PolicyParser() {
        this(BoundedJson.of(JsonLimits.DEFAULTS));
    }

    /** A parser within {@code json}'s limits; its messages never quote the file. */
    public PolicyParser(BoundedJson json) {
        this.json = json.withoutEcho();
    }

    public Result parse(String text) {
        try {
            return parse(json.read(text, "policy.json"));
        } catch (JsonInputException malformed) {
            return new Result(null, List.of(malformed.getMessage()));
        }
    }

    /** Parses the bytes of a policy file (UTF-8). */
    public Result parse(byte[] content) {
        try {
            return parse(json.read(content, "policy.json"));
        } catch (JsonInputException malformed) {
            return new Result(null, List.of(malformed.getMessage()));
        }
    }

    private Result parse(JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return new Result(null, List.of("policy.json must hold a JSON object with any of " + SECTIONS));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!SECTIONS.contains(name)) {
                problems.add("Unknown section \"" + Quote.prefix(name) + "\"; policy.json has " + SECTIONS);
            }
        }
        Policy defaults = defaults();
        Set<String> permissions = root.has("permissions")
                ? names(root.get("permissions"), "permissions", NAME, problems) : defaults.permissions();
        Map<SecurityLevel, Set<String>> grantable = new EnumMap<>(SecurityLevel.class);
        grantable.putAll(defaults.grantable());
        Map<SecurityLevel, List<String>> packages = new EnumMap<>(SecurityLevel.class);
        packages.putAll(defaults.packages());
        Map<SecurityLevel, List<String>> allow = new EnumMap<>(SecurityLevel.class);
        if (root.has("levels")) {
            LevelSection.rules(root.get("levels"), permissions, grantable, packages, problems);
            LevelSection.allow(root.get("levels"), allow, problems);
        } else {
            grantable.replaceAll((level, granted) -> intersect(granted, permissions));
        }
        Map<String, String> trusted = root.has("trusted") ? trusted(root.get("trusted"), problems) : Map.of();
        Map<String, Policy.PluginRules> plugins = root.has("plugins")
                ? plugins(root.get("plugins"), permissions, problems) : Map.of();
        List<ApiToken> tokens = root.has("tokens") ? TokenSection.parse(root.get("tokens"), problems) : List.of();
        EntitlementPolicy entitlements = root.has("entitlements")
                ? EntitlementSection.parse(root.get("entitlements"), problems) : EntitlementPolicy.DEFAULT;
        ContainmentPolicy containment = root.has("containment")
                ? ContainmentSection.parse(root.get("containment"), problems) : ContainmentPolicy.DEFAULT;
        RepositoryRules repositories = root.has("repositories")
                ? RepositoryRules.parse(root.get("repositories"), problems) : RepositoryRules.NONE;
        if (!problems.isEmpty()) {
            return new Result(null, named(problems));
        }
        return new Result(new Policy(permissions, grantable, packages, trusted, plugins, tokens, allow, entitlements,
                containment, repositories), problems);
    }

    private static Map<String, String> trusted(JsonNode node, List<String> problems) {
        Map<String, String> trusted = new LinkedHashMap<>();
        if (!node.isObject()) {
            problems.add("\"trusted\" must be an object from plugin id to the certificate subject that must sign it "
                    + "(\"\" for any), for example {\"my-plugin\": \"CN=Example Corp\"}");
            return trusted;
        }
        node.fields().forEachRemaining(entry -> {
            if (!PLUGIN_ID.matcher(entry.getKey()).matches()) {
                problems.add("\"trusted\": '" + Quote.prefix(entry.getKey()) + "' is not a plugin id");
            } else if (!entry.getValue().isTextual()) {
                problems.add("\"trusted." + entry.getKey() + "\" must be a certificate subject, or \"\" for any signer");
            } else {
                trusted.put(entry.getKey(), entry.getValue().asText().trim());
            }
        });
        return trusted;
    }

    private static Map<String, Policy.PluginRules> plugins(JsonNode node, Set<String> permissions,
            List<String> problems) {
        Map<String, Policy.PluginRules> plugins = new LinkedHashMap<>();
        if (!node.isObject()) {
            problems.add("\"plugins\" must be an object from plugin id to {\"grant\": [...], \"deny\": [...]}");
            return plugins;
        }
        node.fields().forEachRemaining(entry -> {
            String where = "plugins." + Quote.prefix(entry.getKey());
            if (!PLUGIN_ID.matcher(entry.getKey()).matches()) {
                problems.add("\"plugins\": '" + Quote.prefix(entry.getKey()) + "' is not a plugin id");
                return;
            }
            JsonNode rules = entry.getValue();
            if (!rules.isObject()) {
                problems.add("\"" + where + "\" must be an object with \"grant\" and \"deny\"");
                return;
            }
            Set<String> grant = rules.has("grant") ? names(rules.get("grant"), where + ".grant", NAME, problems) : Set.of();
            Set<String> deny = rules.has("deny") ? names(rules.get("deny"), where + ".deny", NAME, problems) : Set.of();
            undefined(grant, permissions, where + ".grant", problems);
            undefined(deny, permissions, where + ".deny", problems);
            for (String both : grant) {
                if (deny.contains(both)) {
                    problems.add("\"" + where + "\" both grants and denies " + both + "; keep one");
                }
            }
            plugins.put(entry.getKey(), new Policy.PluginRules(grant, deny));
        });
        return plugins;
    }

    /** The names in the list {@code node} at {@code where}, each matching {@code pattern}; the others are problems. */
    static Set<String> names(JsonNode node, String where, Pattern pattern, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        if (node == null || !node.isArray()) {
            problems.add("\"" + where + "\" must be a list of strings");
            return names;
        }
        for (JsonNode element : node) {
            if (!element.isTextual() || !pattern.matcher(element.asText()).matches()) {
                problems.add("\"" + where + "\": " + Quote.prefix(element.isTextual() ? "\"" + element.asText() + "\""
                        : element.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + " is not a valid name");
            } else {
                names.add(element.asText());
            }
        }
        return names;
    }

    /** Each of {@code used} that is not one of {@code permissions} is a problem at {@code where}. */
    static void undefined(Set<String> used, Set<String> permissions, String where, List<String> problems) {
        for (String permission : used) {
            if (!permissions.contains(permission)) {
                problems.add("\"" + where + "\": " + permission + " is not in \"permissions\"; define it there first");
            }
        }
    }

    private static Set<String> intersect(Set<String> granted, Set<String> permissions) {
        Set<String> kept = new LinkedHashSet<>(granted);
        kept.retainAll(permissions);
        return kept;
    }

    /** The first problems, and how many more: a file of 50,000 mistakes is answered in 21 lines. */
    private static List<String> named(List<String> problems) {
        if (problems.size() <= NAMED_PROBLEMS) {
            return problems;
        }
        List<String> named = new ArrayList<>(problems.subList(0, NAMED_PROBLEMS));
        named.add("and " + (problems.size() - NAMED_PROBLEMS) + " more problems of these kinds");
        return named;
    }
}
