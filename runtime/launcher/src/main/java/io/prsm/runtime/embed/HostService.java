package io.prsm.runtime.embed;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;

/**
 * A service the embedding application offers to plugins: registered on the system bundle, so
 * the gatekeeper counts it as the platform's, and plugins see it only as its properties allow.
 *
 * <p>Concurrent semantics: immutable.
 */
record HostService<S>(Class<S> type, S service, Map<String, Object> properties) {

    HostService {
        if (!type.isInstance(service)) {
            throw new IllegalArgumentException(service + " is not a " + type.getName());
        }
        if (type.getPackageName().isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " is in the unnamed package, which no bundle can "
                    + "import; put the service type in a package");
        }
        properties = Map.copyOf(properties);
    }

    void register(BundleContext context) {
        Dictionary<String, Object> dictionary = new Hashtable<>(properties);
        context.registerService(type, service, dictionary);
    }

    /** The package plugins import to use the service, or null when the JDK provides it. */
    String packageToExport() {
        ClassLoader loader = type.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || type.getPackageName().startsWith("java.")) {
            return null;
        }
        return type.getPackageName();
    }
}
