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

    /**
     * The permission a token needs to read the runtime's own routes ({@code GET} and {@code HEAD}
     * of {@link #PLUGINS_PATH} and {@link #RUNTIME_PATH}) and to log in to the console;
     * {@link #ADMIN_PERMISSION} includes it.
     *
     * @since 1.2
     */
    public static final String READ_PERMISSION = "prsm_read";

    /**
     * The web console's pages, below the same servlet context and tokens as the API.
     *
     * @since 1.2
     */
    public static final String CONSOLE_PATH = "/console";

    /**
     * The cookie the console's login sets: it holds the random id of a session the gatekeeper keeps
     * in memory (never the token), HttpOnly and SameSite=Strict, so page scripts never see it and
     * other sites never send it.
     *
     * @since 1.2
     */
    public static final String SESSION_COOKIE = "prsm_session";

    /**
     * The header a request authenticated by {@link #SESSION_COOKIE} must carry (except the
     * console's own session read): the value of {@link #CALLER_CSRF}. A forged request from
     * another page cannot know it.
     *
     * @since 1.2
     */
    public static final String CSRF_HEADER = "X-PRSM-CSRF";

    /**
     * Request attribute: the CSRF token of the caller's console session ({@code String}; absent for a
     * request with a bearer header).
     *
     * @since 1.2
     */
    public static final String CALLER_CSRF = "io.prsm.caller.csrf";

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
     * Whether a request with this method only reads ({@code GET} or {@code HEAD}): on the runtime's
     * own routes it needs {@link #READ_PERMISSION} rather than {@link #ADMIN_PERMISSION}.
     *
     * @since 1.2
     */
    public static boolean isReading(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * Whether {@code held} carries {@code permission}, counting {@link #ADMIN_PERMISSION} as
     * including {@link #READ_PERMISSION}.
     *
     * @since 1.2
     */
    public static boolean carries(java.util.Set<String> held, String permission) {
        return held.contains(permission) || READ_PERMISSION.equals(permission) && held.contains(ADMIN_PERMISSION);
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
