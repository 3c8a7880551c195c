package io.prsm.runtime.http;

import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.annotation.ServesEndpoint;
import io.prsm.api.runtime.HttpApi;
import io.prsm.platform.PlatformBundles;

/**
 * Whose an endpoint path is, as the runtime checks it again before it serves one (the gatekeeper
 * has already hidden a squatter's endpoint from it): a plugin serves below
 * {@code /api/v1/<plugin id>} and the paths its manifest declares ({@link ServesEndpoint}); a path
 * served by one plugin is not served for another. Endpoints of the platform itself are its own.
 *
 * <p>Concurrent semantics: stateless.
 */
final class EndpointOwners {

    private EndpointOwners() {
    }

    /** Why {@code bundle} may not serve {@code path}, given the routes already served; null when it may. */
    static String problem(Bundle bundle, String path, Collection<EndpointRoute> served) {
        if (bundle == null) {
            return "the bundle that registered it is gone";
        }
        if (PlatformBundles.isPlatform(bundle)) {
            return null;
        }
        String pluginId = pluginId(bundle);
        if (pluginId == null) {
            return "the bundle's plugin id cannot be read";
        }
        String prefix = HttpApi.ENDPOINT_ROOT + pluginId;
        if (!path.equals(prefix) && !path.startsWith(prefix + "/") && !declared(bundle, path)) {
            return "plugin " + pluginId + " may serve only below " + prefix + " and the paths its manifest declares "
                    + "(@ServesEndpoint); " + path + " is neither";
        }
        for (EndpointRoute route : served) {
            if (route.path().equals(path) && !pluginId.equals(route.pluginId())) {
                return "endpoint path " + path + " is already served by plugin " + route.pluginId() + " (bundle "
                        + route.bundleId() + "); plugin " + pluginId + " (bundle " + bundle.getBundleId()
                        + ") may not serve it too";
            }
        }
        return null;
    }

    /** The plugin id {@code bundle} declares, or its symbolic name for a platform bundle. */
    static String pluginId(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> plugin = revision.getDeclaredCapabilities(PlatformBundles.PLUGIN_NAMESPACE);
        if (plugin.isEmpty()) {
            return bundle.getSymbolicName();
        }
        Object id = plugin.get(0).getAttributes().get(PlatformBundles.PLUGIN_NAMESPACE);
        return id instanceof String text ? text : null;
    }

    /** Whether {@code bundle}'s manifest declares it serves {@code path}; false for a bundle that is gone. */
    static boolean declares(Bundle bundle, String path) {
        return bundle != null && bundle.adapt(BundleRevision.class) != null && declared(bundle, path);
    }

    private static boolean declared(Bundle bundle, String path) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        for (BundleCapability capability : revision.getDeclaredCapabilities(ServesEndpoint.NAMESPACE)) {
            if (path.equals(capability.getAttributes().get(ServesEndpoint.NAMESPACE))) {
                return true;
            }
        }
        return false;
    }
}
