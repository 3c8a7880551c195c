package io.prsm.sandbox.entitlements;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * What a plugin's bundle reaches as its own: the classes its class loader links to and the
 * bundles whose entries are its own (it and the fragments attached to it).
 *
 * <p>Concurrent semantics: stateless.
 */
final class PluginClassSpace {

    private PluginClassSpace() {
    }

    /**
     * Whether {@code bundle}'s class loader finds {@code type} by its name, as its bytecode would link
     * it: its own classes, what it imports, the JDK's. Fails closed (no wiring, not found, a class of
     * its own shadowing the name: another class).
     */
    static boolean links(Bundle bundle, Class<?> type) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader == null || type.isHidden() || type.isArray() || type.isPrimitive()) {
            return false;
        }
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (ClassNotFoundException | LinkageError | RuntimeException notLinked) {
            return false;
        }
    }

    /** Whether {@code bundleId} is {@code bundle} or a fragment attached to it (whose entries are its own). */
    static boolean ownBundle(Bundle bundle, long bundleId) {
        if (bundle.getBundleId() == bundleId) {
            return true;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        return wiring != null && wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE).stream()
                .anyMatch(wire -> wire.getRequirer().getBundle().getBundleId() == bundleId);
    }
}
