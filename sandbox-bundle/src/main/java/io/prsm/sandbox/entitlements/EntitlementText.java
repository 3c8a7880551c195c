package io.prsm.sandbox.entitlements;

import java.util.ArrayList;
import java.util.List;

import io.prsm.sandbox.policy.PluginEntitlements;

/**
 * Entitlements as one line: {@code files imports:read, /srv/out:read_write; outbound api.example.com:443;
 * inbound 8085; manage_threads}, or {@code none}.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class EntitlementText {

    private EntitlementText() {
    }

    public static String of(PluginEntitlements entitlements) {
        List<String> parts = new ArrayList<>();
        if (!entitlements.files().isEmpty()) {
            parts.add("files " + String.join(", ", entitlements.files().stream().map(Object::toString).toList()));
        }
        if (!entitlements.outbound().isEmpty()) {
            parts.add("outbound " + String.join(", ", entitlements.outbound()));
        }
        if (!entitlements.inbound().isEmpty()) {
            parts.add("inbound " + String.join(", ", entitlements.inbound()));
        }
        if (entitlements.manageThreads()) {
            parts.add("manage_threads");
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }
}
