package io.prsm.runtime.console;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.prsm.api.runtime.HttpApi;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.platform.EntitlementsView;
import io.prsm.runtime.commands.JsonStyle;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the web console below {@link HttpApi#CONSOLE_PATH}, in the servlet context the
 * gatekeeper secures (it has checked the token, the CSRF header and {@code prsm_read} before a
 * request gets here; the check is repeated). The page is a client of the admin API; what the API
 * does not say lives here: the caller's session (name, permissions, CSRF token) and a plugin's
 * entitlements as the gatekeeper describes them. Logging in and out is the gatekeeper's: it keeps
 * the sessions.
 *
 * <p>Concurrent semantics: thread-safe; no state beyond its services.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + HttpApi.CONSOLE_PATH,
        "osgi.http.whiteboard.servlet.pattern=" + HttpApi.CONSOLE_PATH + "/*",
        "osgi.http.whiteboard.servlet.name=prsm-console",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + HttpApi.CONTEXT_NAME + ")" })
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String ENTITLEMENTS = "entitlements/";

    private final transient PluginManager plugins;
    private final transient BundleContext context;
    private final transient ConsoleAssets assets = new ConsoleAssets(ConsoleServlet.class.getClassLoader());
    private final transient EntitlementsView entitlements;

    @Activate
    public ConsoleServlet(@Reference PluginManager plugins, BundleContext context,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.STATIC,
                    policyOption = ReferencePolicyOption.GREEDY) EntitlementsView entitlements) {
        this.plugins = plugins;
        this.context = context;
        this.entitlements = entitlements;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String below = path.length() <= HttpApi.CONSOLE_PATH.length() ? ""
                : path.substring(HttpApi.CONSOLE_PATH.length() + 1);
        String method = request.getMethod();
        if (HttpApi.isReading(method) && (below.isEmpty() || below.equals("index.html") || below.equals("login"))) {
            assets.write(below.equals("login") ? "login.html" : "index.html", response);
        } else if (HttpApi.isReading(method) && below.startsWith("assets/")) {
            if (!assets.write(below.substring("assets/".length()), response)) {
                json(response, 404, Map.of("error", "The console has no file " + below + ".", "status", 404));
            }
        } else if (!HttpApi.carries(permissions(request), HttpApi.READ_PERMISSION)) {
            // the gatekeeper let nothing else through without a token; if it is not there, fail closed
            json(response, 401, Map.of("error", "Log in at " + HttpApi.CONSOLE_PATH + "/login.", "status", 401));
        } else if (method.equals("POST") && below.equals("logout")) {
            // the gatekeeper ends console sessions itself; a request that gets here came with a bearer header
            json(response, 400, Map.of("error", "Only a console session logs out; a bearer token has no session.",
                    "status", 400));
        } else if (HttpApi.isReading(method) && below.equals("session")) {
            json(response, 200, session(request));
        } else if (HttpApi.isReading(method) && below.startsWith(ENTITLEMENTS)) {
            entitlements(below.substring(ENTITLEMENTS.length()), response);
        } else {
            json(response, 404, Map.of("error", "The console serves no " + method + " " + HttpApi.CONSOLE_PATH
                    + "/" + below.replaceAll("[^A-Za-z0-9/_.-]", "?") + ".", "status", 404));
        }
    }

    private static Set<String> permissions(HttpServletRequest request) {
        Object held = request.getAttribute(HttpApi.CALLER_PERMISSIONS);
        return held instanceof Set<?> set ? set.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()) : Set.of();
    }

    private static Map<String, Object> session(HttpServletRequest request) {
        Set<String> held = permissions(request);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("caller", String.valueOf(request.getAttribute(HttpApi.CALLER_NAME)));
        session.put("permissions", held.stream().sorted().toList());
        session.put("admin", held.contains(HttpApi.ADMIN_PERMISSION));
        session.put("csrf", String.valueOf(request.getAttribute(HttpApi.CALLER_CSRF)));
        session.put("csrf_header", HttpApi.CSRF_HEADER);
        return session;
    }

    private void entitlements(String plugin, HttpServletResponse response) throws IOException {
        try {
            Bundle bundle = context.getBundle(plugins.info(plugin).bundleId());
            List<String> lines = entitlements == null || bundle == null
                    ? List.of("The gatekeeper is not running: no entitlements are checked.")
                    : entitlements.describe(bundle);
            json(response, 200, Map.of("plugin", plugin, "lines", lines));
        } catch (PluginOperationException unknown) {
            json(response, 404, Map.of("error", unknown.getMessage(), "status", 404));
        }
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(JsonStyle.writeBytes(body));
    }
}
