package io.prsm.sandbox.policy;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.SecurityLevel;
import io.prsm.limits.PlatformJson;

/**
 * {@code prsm:policy --json}: the policy in force in the runtime's JSON style (snake_case keys,
 * lower-case levels, sorted lists). The tokens are left out: the output is for scripts and logs,
 * and a token's digest is the operator's secret too.
 *
 * <p>Concurrent semantics: stateless.
 */
final class PolicyJson {

    private static final ObjectMapper MAPPER = PlatformJson.mapper();

    private PolicyJson() {
    }

    static String write(long revision, String file, Policy policy) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("revision", revision);
        json.put("file", file);
        json.put("permissions", sorted(policy.permissions()));
        Map<String, Object> levels = new LinkedHashMap<>();
        for (SecurityLevel level : List.of(SecurityLevel.SANDBOX, SecurityLevel.ISOLATED)) {
            Map<String, Object> rules = new LinkedHashMap<>();
            rules.put("grantable", sorted(policy.grantable().getOrDefault(level, Set.of())));
            rules.put("packages", policy.packages().getOrDefault(level, List.of()));
            rules.put("allow", policy.allow().getOrDefault(level, List.of()));
            levels.put(level.id(), rules);
        }
        json.put("levels", levels);
        json.put("trusted", new TreeMap<>(policy.trusted()));
        Map<String, Object> plugins = new TreeMap<>();
        policy.plugins().forEach((id, rules) -> plugins.put(id, Map.of("grant", sorted(rules.grant()), "deny",
                sorted(rules.deny()))));
        json.put("plugins", plugins);
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
