package io.prsm.runtime.http;

import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.marketplace.Marketplace;
import io.prsm.api.runtime.HttpApi;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.limits.JarLimits;
import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;
import io.prsm.runtime.metrics.MetricsSampler;
import io.prsm.runtime.plugins.PlatformAudit;
import io.prsm.runtime.plugins.PluginServices;
import io.prsm.limits.TaskSettings;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves {@code /api/*} in the gatekeeper's servlet context: the plugins' endpoints and the
 * administrative routes below {@code /api/v1/plugins} and {@code /api/v1/runtime} (see
 * {@link AdminRoutes} and {@code openapi.json}). The gatekeeper has authenticated the caller and
 * checked the permission before a request gets here; the check is repeated, so a request that
 * reaches this servlet some other way is still refused.
 *
 * <p>Every answer is JSON. Errors carry {@code error} and {@code status} and never a stack trace;
 * a caller's input is answered with 4xx, never 500. The body limit is the framework property
 * {@value #BODY_LIMIT_PROPERTY} (bytes), the time a body may take to arrive
 * {@value #BODY_TIMEOUT_PROPERTY} (such as {@code 10s}); bodies are read within the
 * {@code prsm.json.*} limits.
 *
 * <p>Concurrent semantics: thread-safe; routes live in a concurrent map updated by DS.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.name=prsm-api",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + HttpApi.CONTEXT_NAME + ")" })
public final class ApiServlet extends HttpServlet {

    static final String BODY_LIMIT_PROPERTY = "prsm.http.maxBody";
    static final String BODY_TIMEOUT_PROPERTY = "prsm.http.bodyTimeout";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient PluginManager plugins;
    private final transient JsonBodies bodies;
    private final transient ConcurrentMap<Long, EndpointRoute> endpoints = new ConcurrentHashMap<>();
    private final transient EndpointCalls calls;
    private final transient BundleContext context;
    private final transient AdminRoutes adminRoutes;
    private final transient PlatformAudit audit;
    private final transient AdminActs acts;
    /** The marketplace, a bundle of its own: null while it is absent (its routes then answer 503). */
    private final transient java.util.concurrent.atomic.AtomicReference<Marketplace> market =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Activate
    public ApiServlet(@Reference PluginManager plugins, @Reference RuntimeStatistics statistics,
            @Reference MetricsSampler sampler, BundleContext context) {
        this.plugins = plugins;
        this.context = context;
        JsonLimits json = JsonLimits.from(context::getProperty);
        this.bodies = new JsonBodies(BoundedJson.of(json),
                BodySettings.maxBytes(context), BodySettings.timeout(context));
        java.nio.file.Path storage = java.nio.file.Path.of(String.valueOf(context.getProperty("prsm.storage")));
        this.adminRoutes = new AdminRoutes(plugins, statistics,
                new JarUploads(storage.resolve("uploads"), JarLimits.from(context::getProperty).maxJarBytes()),
                storage.resolve("audit").resolve("audit.log"), io.prsm.runtime.commands.JsonStyle.copy(),
                sampler::history, new MarketRoutes(market::get, plugins));
        this.audit = new PlatformAudit(context);
        audit.open();
        this.acts = new AdminActs(audit);
        TaskSettings tasks = TaskSettings.from(context::getProperty);
        this.calls = new EndpointCalls(tasks.concurrency(), tasks.timeout(), json);
    }

    @Deactivate
    void deactivate() {
        calls.close();
        audit.close();
    }

    @Reference(service = Endpoint.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindEndpoint(Endpoint endpoint, Map<String, Object> properties) {
        String path = String.valueOf(properties.get(Endpoint.PATH));
        Object permission = properties.get(Endpoint.PERMISSION);
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        long bundleId = (Long) properties.get(Constants.SERVICE_BUNDLEID);
        String problem = EndpointRoute.problem(path, permission == null ? null : permission.toString());
        if (problem != null) {
            LOG.warn("Bundle {} registers an endpoint that is not served: {}", bundleId, problem);
            return;
        }
        org.osgi.framework.Bundle bundle = context.getBundle(bundleId);
        synchronized (endpoints) {
            String taken = EndpointOwners.problem(bundle, path, endpoints.values());
            if (taken != null) {
                LOG.warn("Bundle {} registers an endpoint that is not served: {}", bundleId, taken);
                return;
            }
            endpoints.put(serviceId, new EndpointRoute(path, permission.toString(),
                    PluginServices.strings(properties.get(Endpoint.METHODS)), bundleId,
                    EndpointOwners.pluginId(bundle), serviceId, endpoint));
        }
    }

    @Reference(service = Marketplace.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMarketplace(Marketplace marketplace) {
        market.set(marketplace);
    }

    void unbindMarketplace(Marketplace marketplace) {
        market.compareAndSet(marketplace, null);
    }

    void unbindEndpoint(Endpoint endpoint, Map<String, Object> properties) {
        EndpointRoute gone = endpoints.remove((Long) properties.get(Constants.SERVICE_ID));
        if (gone != null && endpoints.values().stream().noneMatch(route -> route.bundleId() == gone.bundleId())) {
            calls.forget(gone.bundleId());
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean act = AdminActs.isAct(request.getMethod(), path);
        ServletRequestView view = new ServletRequestView(request, bodies);
        try {
            Object answer = route(request, view, path);
            if (act) {
                acts.record(Callers.name(request), request.getMethod(), path, view.bodyText("id"), null);
            }
            if (answer instanceof AdminRoutes.Reply reply) {
                JsonReplies.write(response, reply.status(), reply.body());
            } else {
                JsonReplies.write(response, 200, answer);
            }
        } catch (ApiError error) {
            if (act) {
                acts.record(Callers.name(request), request.getMethod(), path, view.bodyText("id"),
                        error.status() + " " + error.getMessage());
            }
            JsonReplies.write(response, error.status(), JsonReplies.error(error.status(), error.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.error("{} {} failed", request.getMethod(), path, unexpected);
            JsonReplies.write(response, 500, JsonReplies.error(500, "The runtime failed to answer; the operator finds the cause in its log."));
        }
    }

    private Object route(HttpServletRequest request, ServletRequestView view, String path) throws ApiError, IOException {
        if (HttpApi.isRuntimeOwn(path)) {
            // reading needs prsm_read (which prsm_admin includes), acting prsm_admin
            Callers.requirePermission(request, HttpApi.isReading(request.getMethod()) ? HttpApi.READ_PERMISSION
                    : HttpApi.ADMIN_PERMISSION);
            return adminRoutes.route(view, path);
        }
        EndpointRoute route = endpoints.values().stream().filter(candidate -> candidate.path().equals(path))
                .min(Comparator.comparingLong(EndpointRoute::serviceId))
                .orElseThrow(() -> notServed(path));
        Callers.requirePermission(request, route.permission());
        // an oversized or malformed body is refused as such, whatever the method
        Map<String, Object> body = bodies.read(request.getContentLengthLong(), request.getInputStream());
        if (!route.methods().contains(request.getMethod())) {
            throw new ApiError(405, path + " accepts " + String.join(", ", route.methods()) + ", not "
                    + Quote.prefix(request.getMethod()) + ".");
        }
        PluginInfo owner = owner(route);
        EndpointRequest call = new EndpointRequest(request.getMethod(), path, Callers.query(request), body,
                Callers.name(request), Callers.permissions(request));
        EndpointAnswer answer;
        try {
            answer = calls.call(route, owner.pluginId(), call);
        } catch (ApiError late) {
            if (late.status() == 504) {
                audit.denied(owner.pluginId(), route.bundleId(), "tasks", "answer " + path, late.getMessage());
            }
            throw late;
        }
        // only words and plain values the endpoint's thread made reach this thread
        if (answer.logged() != null) {
            LOG.warn("Endpoint {} of plugin '{}' failed: {}", path, owner.pluginId(), answer.logged());
        }
        if (answer.refusal() != null) {
            audit.denied(owner.pluginId(), route.bundleId(), "tasks", "answer " + path, answer.refusal());
        }
        if (answer.status() >= 300) {
            throw new ApiError(answer.status(), answer.error());
        }
        return answer.body();
    }

    /**
     * 503 for a path an installed plugin owns but does not serve now because it is not active (its
     * endpoint services are gone while it is stopped), as for an endpoint whose plugin is busy;
     * 404 for a path nobody owns.
     */
    private ApiError notServed(String path) {
        for (PluginInfo plugin : plugins.list()) {
            boolean owns = path.startsWith(HttpApi.ENDPOINT_ROOT + plugin.pluginId() + "/")
                    || EndpointOwners.declares(context.getBundle(plugin.bundleId()), path);
            if (owns && plugin.state() != PluginState.ACTIVE) {
                return new ApiError(503, "Plugin '" + plugin.pluginId() + "', which serves " + Quote.prefix(path, 200)
                        + ", is " + plugin.state().id() + ", not active; try again once it runs.");
            }
        }
        return new ApiError(404, "Nothing is served at " + Quote.prefix(path, 200) + "; GET "
                + HttpApi.PLUGINS_PATH + " lists the plugins and their endpoints.");
    }

    private PluginInfo owner(EndpointRoute route) throws ApiError {
        try {
            PluginInfo owner = plugins.info(String.valueOf(route.bundleId()));
            if (owner.state() != PluginState.ACTIVE) {
                throw new ApiError(503, "Plugin '" + owner.pluginId() + "' is " + owner.state().id()
                        + ", not active; try again once it runs.");
            }
            return owner;
        } catch (PluginOperationException notAPlugin) {
            throw new ApiError(503, "The endpoint's bundle is not a running plugin.");
        }
    }
}
