package io.prsm.runtime.plugins;

import org.osgi.framework.BundleException;

/**
 * Reads the framework's "Unable to resolve" message for what an operator should do about it.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ResolutionFailure {

    private ResolutionFailure() {
    }

    /** Whether the only unresolved requirements are permissions, which a policy change can grant. */
    static boolean waitsForPermission(BundleException e) {
        String message = String.valueOf(e.getMessage());
        // Felix writes "Unresolved requirements: ... osgi.wiring.package ...", Equinox "Unresolved
        // requirement: Import-Package: ..." (or Require-Capability: prsm.permission ...)
        int unresolved = message.indexOf("Unresolved requirement");
        String requirements = unresolved < 0 ? message : message.substring(unresolved);
        return requirements.contains("prsm.permission") && !namesWiring(requirements)
                && !requirements.contains("prsm.runtime");
    }

    /** Whether a resolver message names a package or bundle requirement, in Felix's or Equinox's words. */
    private static boolean namesWiring(String message) {
        return message.contains("osgi.wiring.") || message.contains("Import-Package:")
                || message.contains("Require-Bundle:") || message.contains("Fragment-Host:");
    }

    /** What to do about the failure, as a sentence to append to the framework's message. */
    static String hint(BundleException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("prsm.permission")) {
            return " The policy does not grant a permission the plugin requires (the audit log says why): grant it in "
                    + "policy.json, or declare it with @OptionalPermission if the plugin can do without.";
        }
        if (message.contains("prsm.runtime")) {
            return " The plugin needs a newer runtime than this one.";
        }
        if (message.contains("osgi.wiring.package") || message.contains("Import-Package:")) {
            return " A package the plugin imports is not available to it: either its security level does not allow "
                    + "it or the plugin is refused (prsm:audit says which and why), or no bundle exports it (embed "
                    + "the library in the plugin).";
        }
        return "";
    }
}
