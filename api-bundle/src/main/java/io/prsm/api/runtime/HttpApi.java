package io.prsm.api.runtime;

/**
 * What the runtime's HTTP API and the gatekeeper agree on: the servlet context the gatekeeper
 * secures, the request attributes it sets for an authenticated caller, and the permission the
 * administrative routes need.
 */
public final class HttpApi {

    /** The name of the HTTP Whiteboard servlet context whose security the gatekeeper handles. */
    public static final String CONTEXT_NAME = "prsm";

    /** Request attribute: the permissions of the authenticated caller ({@code java.util.Set<String>}). */
    public static final String CALLER_PERMISSIONS = "io.prsm.caller.permissions";

    /** Request attribute: the name the operator gave the caller's token. */
    public static final String CALLER_NAME = "io.prsm.caller.name";

    /** The permission a token needs for {@link #PLUGINS_PATH} and everything below it. */
    public static final String ADMIN_PERMISSION = "prsm_admin";

    /** The runtime's own routes: the plugin list, one plugin, and its tasks. */
    public static final String PLUGINS_PATH = "/api/v1/plugins";

    /**
     * The runtime's own routes that are not about one plugin: metrics, audit, health and the
     * OpenAPI description. They need {@link #ADMIN_PERMISSION} too.
     *
     * @since 1.1
     */
    public static final String RUNTIME_PATH = "/api/v1/runtime";

    /** Plugin endpoints must lie below this path. */
    public static final String ENDPOINT_ROOT = "/api/v1/";

    private HttpApi() {
    }

    /** The permission a request for {@code path} needs, given the permission of the endpoint there (or null). */
    public static String requiredPermission(String path, String endpointPermission) {
        if (isRuntimeOwn(path)) {
            return ADMIN_PERMISSION;
        }
        return endpointPermission;
    }

    /**
     * Whether {@code path} is one of the runtime's own routes, which no plugin endpoint may take.
     *
     * @since 1.1
     */
    public static boolean isRuntimeOwn(String path) {
        return path.equals(PLUGINS_PATH) || path.startsWith(PLUGINS_PATH + "/") || path.equals(RUNTIME_PATH)
                || path.startsWith(RUNTIME_PATH + "/");
    }
}
