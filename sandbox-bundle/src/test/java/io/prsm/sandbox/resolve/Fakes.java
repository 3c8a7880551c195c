package io.prsm.sandbox.resolve;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Stand-ins for the framework's wiring objects, answering only what the resolver hook asks.
 * Real-framework behaviour of the hook is for the Pax Exam tests; these test its decisions.
 */
final class Fakes {

    private Fakes() {
    }

    /** A bundle revision; {@code plugin} holds its prsm.plugin attributes, or null for infrastructure. */
    static BundleRevision revision(String symbolicName, long bundleId, Map<String, Object> plugin) {
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> bundleId;
            case "getSymbolicName" -> symbolicName;
            case "getSignerCertificates" -> Map.of();
            default -> null;
        });
        BundleRevision[] self = new BundleRevision[1];
        self[0] = proxy(BundleRevision.class, (method, args) -> switch (method) {
            case "getSymbolicName" -> symbolicName;
            case "getBundle" -> bundle;
            case "getDeclaredCapabilities" -> plugin != null && PluginIdentity.NAMESPACE.equals(args[0])
                    ? List.of(capability(self[0], PluginIdentity.NAMESPACE, plugin)) : List.of();
            default -> null;
        });
        return self[0];
    }

    static BundleRevision plugin(String id, long bundleId, String level) {
        return revision("io.example." + id, bundleId, Map.of(PluginIdentity.NAMESPACE, id, "security.level", level));
    }

    static BundleCapability capability(BundleRevision provider, String namespace, Map<String, Object> attributes) {
        return proxy(BundleCapability.class, (method, args) -> switch (method) {
            case "getRevision", "getResource" -> provider;
            case "getNamespace" -> namespace;
            case "getAttributes" -> attributes;
            case "getDirectives" -> Map.of();
            default -> null;
        });
    }

    static BundleRequirement requirement(BundleRevision requirer, String namespace) {
        return proxy(BundleRequirement.class, (method, args) -> switch (method) {
            case "getRevision", "getResource" -> requirer;
            case "getNamespace" -> namespace;
            case "getAttributes", "getDirectives" -> Map.of();
            default -> null;
        });
    }

    interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        Object[] self = new Object[1];
        self[0] = Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> type.getSimpleName() + "@" + System.identityHashCode(proxy);
                    default -> answers.answer(method.getName(), args);
                });
        return type.cast(self[0]);
    }
}
