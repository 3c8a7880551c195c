package io.prsm.benchmarks;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.prsm.api.runtime.HttpApi;

/**
 * The HTTP benchmark's baseline: a bundle that shadows the gatekeeper's servlet context (same
 * name, higher ranking) with one that lets every request through with a fixed set of
 * permissions. The runtime's API servlet then serves the same endpoint without any token or
 * permission check.
 *
 * <p>Concurrent semantics: the framework calls start and stop on one thread.
 */
public final class OpenApiContext implements BundleActivator {

    static final String PERMISSION = "analytics_read";

    private ServiceRegistration<ServletContextHelper> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.context.name", HttpApi.CONTEXT_NAME);
        properties.put("osgi.http.whiteboard.context.path", "/");
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registration = context.registerService(ServletContextHelper.class, new ServletContextHelper(context.getBundle()) {
            @Override
            public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) {
                request.setAttribute(HttpApi.CALLER_PERMISSIONS, Set.of(PERMISSION));
                request.setAttribute(HttpApi.CALLER_NAME, "benchmark");
                return true;
            }
        }, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
