package io.prsm.sandbox.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.http.Endpoint;
import io.prsm.api.runtime.HttpApi;

/**
 * The permission each served path needs, read from the {@link Endpoint} services plugins
 * register. When two plugins claim one path, a caller needs the permissions of both: the
 * gatekeeper cannot know which of them the runtime will call.
 *
 * <p>Concurrent semantics: thread-safe; a concurrent map kept by a service tracker.
 */
public final class EndpointPermissions extends ServiceTracker<Endpoint, ServiceReference<Endpoint>> {

    private final ConcurrentMap<ServiceReference<Endpoint>, String[]> routes = new ConcurrentHashMap<>();

    public EndpointPermissions(BundleContext context) {
        super(context, Endpoint.class, null);
    }

    @Override
    public ServiceReference<Endpoint> addingService(ServiceReference<Endpoint> reference) {
        remember(reference);
        return reference;
    }

    @Override
    public void modifiedService(ServiceReference<Endpoint> reference, ServiceReference<Endpoint> tracked) {
        remember(reference);
    }

    @Override
    public void removedService(ServiceReference<Endpoint> reference, ServiceReference<Endpoint> tracked) {
        routes.remove(reference);
    }

    private void remember(ServiceReference<Endpoint> reference) {
        Object path = reference.getProperty(Endpoint.PATH);
        Object permission = reference.getProperty(Endpoint.PERMISSION);
        if (path != null) {
            // an endpoint without a permission is not served; were it served, nobody could reach it
            routes.put(reference, new String[] { path.toString(),
                    permission == null || permission.toString().isBlank() ? null : permission.toString() });
        }
    }

    /** The permissions a request for {@code path} needs; empty for a path nothing serves (it gets 404). */
    public Set<String> required(String path) {
        String admin = HttpApi.requiredPermission(path, null);
        if (admin != null) {
            return Set.of(admin);
        }
        Set<String> required = new TreeSet<>();
        for (String[] route : routes.values()) {
            if (route[0].equals(path)) {
                required.add(route[1] == null ? "(an endpoint without a permission is never reachable)" : route[1]);
            }
        }
        return required;
    }
}
