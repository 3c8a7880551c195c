package io.prsm.sandbox.policy;

import java.util.Map;

/**
 * The {@code entitlements} section of {@code policy.json}: how the run-time layer acts and what
 * each plugin is granted beyond its level's defaults.
 *
 * <p>Concurrent semantics: immutable.
 *
 * @param audit {@code true} for mode {@code audit}: what would be denied is logged and allowed
 * @param installTimeChecksOnly {@code true} when the operator accepts untrusted plugins in a JVM
 *        without the agent ({@code "without_agent": "install_time_checks"}); by default they are refused
 * @param grants per plugin id
 */
public record EntitlementPolicy(boolean audit, boolean installTimeChecksOnly, Map<String, PluginEntitlements> grants) {

    /** Enforce, refuse untrusted plugins without the agent, grant nothing. */
    public static final EntitlementPolicy DEFAULT = new EntitlementPolicy(false, false, Map.of());

    public EntitlementPolicy {
        grants = Map.copyOf(grants);
    }

    public String mode() {
        return audit ? "audit" : "enforce";
    }

    public PluginEntitlements granted(String pluginId) {
        return grants.getOrDefault(pluginId, PluginEntitlements.NONE);
    }
}
