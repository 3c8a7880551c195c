package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeStatistics;

/**
 * Issue 18: the OpenAPI description and the admin routes agree. Every documented method of every
 * documented path reaches a route (a fake manager knows no plugin, so a plugin route answers "No
 * plugin", never "No route"); every other method of those paths is refused as not allowed.
 */
public class OpenApiTest {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    /** A manager that knows no plugin; shared with the other tests of the admin routes. */
    static final PluginManager NO_PLUGINS = (PluginManager) Proxy.newProxyInstance(OpenApiTest.class.getClassLoader(),
            new Class<?>[] {PluginManager.class}, (proxy, method, args) -> {
                if (method.getName().equals("list")) {
                    return List.of();
                }
                throw new PluginOperationException("No plugin 'p'. Run prsm:list to see installed plugins.");
            });
    private final RuntimeStatistics statistics = (RuntimeStatistics) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RuntimeStatistics.class}, (proxy, method, args) -> null);
    private final AdminRoutes routes = new AdminRoutes(NO_PLUGINS, statistics, new JarUploads(Path.of("unused"), 1),
            Path.of("no-audit-log"), new ObjectMapper(), () -> Map.of("overall", List.of()));

    @Test
    @SuppressWarnings("unchecked")
    public void everyDocumentedRouteIsServedAndNoOtherMethodOfItIs() throws Exception {
        Map<String, Object> paths = (Map<String, Object>) OpenApi.document().get("paths");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            String concrete = path.getKey().replace("{plugin}", "p").replace("{key}", "k")
                    .replace("{repository}", "r").replace("{plugin_id}", "p");
            Set<String> documented = ((Map<String, Object>) path.getValue()).keySet();
            for (String method : METHODS) {
                int status = status(method, concrete);
                boolean isDocumented = documented.contains(method.toLowerCase());
                if (isDocumented && (status == 405 || status == -404)) {
                    wrong.add(method + " " + path.getKey() + " is documented but not served (" + status + ")");
                } else if (!isDocumented && status != 405 && status != -404) {
                    wrong.add(method + " " + path.getKey() + " is served (" + status + ") but not documented");
                }
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
        assertFalse(paths.isEmpty());
    }

    @Test
    public void unknownRouteIsAJson404ThatPointsAtTheDescription() throws Exception {
        ApiError error = org.junit.Assert.assertThrows(ApiError.class,
                () -> routes.route(request("GET"), "/api/v1/runtime/nothing"));
        assertEquals(404, error.status());
        assertTrue(error.getMessage(), error.getMessage().contains("/api/v1/runtime/openapi.json describes every route"));
    }

    /** The status the route answers; -404 for "No route" (as opposed to a route's own 404). */
    private int status(String method, String path) throws Exception {
        try {
            return routes.route(request(method), path).status();
        } catch (ApiError error) {
            return error.getMessage().startsWith("No route") ? -404 : error.status();
        }
    }

    private static AdminRoutes.Request request(String method) {
        return TestRequest.json(method, Map.of("url", "https://example.org/p.jar", "value", "v", "type", "t"));
    }
}
