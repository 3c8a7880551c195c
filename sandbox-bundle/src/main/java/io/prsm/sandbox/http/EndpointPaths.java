package io.prsm.sandbox.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.http.Endpoint;
import io.prsm.api.runtime.HttpApi;

/**
 * Which plugin owns each endpoint path. A plugin may serve below its own prefix
 * ({@code /api/v1/<plugin id>}) and the paths its manifest declares ({@code prsm.endpoint}
 * capabilities, written by {@code @ServesEndpoint}); a path belongs to the first plugin that serves
 * it until that plugin's endpoint goes. Two bundles of one plugin id (a replacement in progress)
 * share the plugin's paths.
 *
 * <p>Concurrent semantics: thread-safe; claims are made atomically per path.
 */
public final class EndpointPaths {

    static final String NAMESPACE = "prsm.endpoint";

    /** Who serves a path, by which service. */
    private record Claim(String pluginId, long bundleId, long serviceId) {
    }

    private final Map<String, Claim> owners = new ConcurrentHashMap<>();

    /**
     * Claims the path of {@code reference} for plugin {@code pluginId} if it is an endpoint.
     *
     * @return why the plugin may not serve it, or empty when it may (or the service is no endpoint)
     */
    public Optional<String> claim(ServiceReference<?> reference, String pluginId) {
        Object path = reference.getProperty(Endpoint.PATH);
        if (!isEndpoint(reference) || !(path instanceof String served)) {
            return Optional.empty();
        }
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return Optional.of("the bundle that registered the endpoint is gone");
        }
        if (!owns(pluginId, bundle, served)) {
            return Optional.of("plugin " + pluginId + " may serve only below " + prefix(pluginId)
                    + " and the paths its manifest declares (@ServesEndpoint); " + served + " is neither");
        }
        Claim mine = new Claim(pluginId, bundle.getBundleId(), (Long) reference.getProperty(Constants.SERVICE_ID));
        Claim held = owners.putIfAbsent(served, mine);
        Claim holder = held == null ? mine : held;
        if (!holder.pluginId().equals(pluginId)) {
            return Optional.of("endpoint path " + served + " is already served by plugin " + holder.pluginId()
                    + " (bundle " + holder.bundleId() + "); plugin " + pluginId + " (bundle " + bundle.getBundleId()
                    + ") may not serve it too");
        }
        return Optional.empty();
    }

    /** The endpoint went: its path is free again, unless another service of its plugin still serves it. */
    public void release(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        owners.values().removeIf(claim -> Long.valueOf(claim.serviceId()).equals(id));
    }

    /** Whether {@code pluginId}'s bundle may serve {@code path}: below its prefix, or declared. */
    static boolean owns(String pluginId, Bundle bundle, String path) {
        if (path.equals(prefix(pluginId)) || path.startsWith(prefix(pluginId) + "/")) {
            return true;
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return false;
        }
        List<BundleCapability> declared = revision.getDeclaredCapabilities(NAMESPACE);
        for (BundleCapability capability : declared) {
            if (path.equals(capability.getAttributes().get(NAMESPACE))) {
                return true;
            }
        }
        return false;
    }

    static String prefix(String pluginId) {
        return HttpApi.ENDPOINT_ROOT + pluginId;
    }

    private static boolean isEndpoint(ServiceReference<?> reference) {
        Object classes = reference.getProperty(Constants.OBJECTCLASS);
        return classes instanceof String[] names && List.of(names).contains(Endpoint.class.getName());
    }
}
