package io.prsm.sandbox.services;

import java.util.List;
import java.util.Set;

/**
 * The service types the platform provides and consumes: everything in the API, the internal
 * contract, the runtime and the gatekeeper ({@code io.prsm.api.*}, {@code io.prsm.platform.*},
 * {@code io.prsm.runtime.*}, {@code io.prsm.sandbox.*}) except the contracts a plugin is meant to
 * provide: {@code Plugin} (and its extensions), {@code HookHandler} and {@code Endpoint}. A
 * service of a platform type registered by any plugin, trusted or not, is a counterfeit: it is
 * hidden from every other bundle.
 *
 * <p>Concurrent semantics: stateless.
 */
final class PlatformTypes {

    private static final List<String> PLATFORM_PACKAGES = List.of("io.prsm.api.", "io.prsm.platform.",
            "io.prsm.runtime.", "io.prsm.sandbox.");

    /** What plugins provide to the platform. */
    static final Set<String> PLUGIN_CONTRACTS = Set.of("io.prsm.api.Plugin", "io.prsm.api.ConfigurablePlugin",
            "io.prsm.api.StatefulPlugin", "io.prsm.api.hooks.HookHandler", "io.prsm.api.http.Endpoint");

    private PlatformTypes() {
    }

    /** Whether only the platform may offer services of type {@code className}. */
    static boolean isPlatformType(String className) {
        if (PLUGIN_CONTRACTS.contains(className)) {
            return false;
        }
        for (String prefix : PLATFORM_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
