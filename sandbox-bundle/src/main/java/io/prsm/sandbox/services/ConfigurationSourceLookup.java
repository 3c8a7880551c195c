package io.prsm.sandbox.services;

import java.lang.StackWalker.Option;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Recognises the Configuration Admin lookup that Declarative Services makes on a plugin's bundle
 * context when the plugin's components are loaded: the component runtime asks for the Configuration
 * Admin the bundle can see, to configure its components. The plugin asked for nothing; hiding the
 * service from it is the policy working, not a denial to report on every plugin start.
 *
 * <p>An untrusted plugin can never import {@code org.osgi.service.cm} (see
 * {@code Policy.NEVER_UNTRUSTED}), so it cannot declare a reference to Configuration Admin either:
 * a lookup of that type on its context is the component runtime's, unless the plugin's own code is
 * on the stack (it may name the type as a string through its bundle context), which stays audited.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ConfigurationSourceLookup {

    static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

    private static final StackWalker STACK = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    private ConfigurationSourceLookup() {
    }

    /** Whether a lookup of {@code requested} on {@code plugin}'s context is the component runtime's own. */
    static boolean isComponentRuntimeLookup(Bundle plugin, String requested) {
        if (!CONFIGURATION_ADMIN.equals(requested)) {
            return false;
        }
        BundleWiring wiring = plugin.adapt(BundleWiring.class);
        ClassLoader pluginLoader = wiring == null ? null : wiring.getClassLoader();
        if (pluginLoader == null) {
            // a plugin without a class loader has no code that could be asking
            return true;
        }
        return STACK.walk(frames -> frames.noneMatch(frame -> frame.getDeclaringClass().getClassLoader() == pluginLoader));
    }
}
