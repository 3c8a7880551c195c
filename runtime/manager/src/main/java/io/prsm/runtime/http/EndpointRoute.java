package io.prsm.runtime.http;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.prsm.api.http.Endpoint;
import io.prsm.api.runtime.HttpApi;

/**
 * One plugin endpoint as registered: the service, who registered it, and what it accepts.
 *
 * <p>Concurrent semantics: immutable.
 */
record EndpointRoute(String path, String permission, List<String> methods, long bundleId, String pluginId,
        long serviceId, Endpoint endpoint) {

    private static final Pattern PATH = Pattern.compile("/api/v1(/[a-z0-9_-]+)+");

    EndpointRoute {
        methods = methods.isEmpty() ? List.of("GET")
                : methods.stream().map(method -> method.toUpperCase(Locale.ROOT)).toList();
    }

    /** Why a plugin may not serve {@code path} with {@code permission}, or null when it may. */
    static String problem(String path, String permission) {
        if (path == null || !PATH.matcher(path).matches()) {
            return "endpoint path " + path + " must lie below " + HttpApi.ENDPOINT_ROOT
                    + " and use lower-case letters, digits, '-' and '_'";
        }
        if (HttpApi.isRuntimeOwn(path)) {
            return "endpoint path " + path + " is the runtime's own (" + HttpApi.PLUGINS_PATH + ", "
                    + HttpApi.RUNTIME_PATH + ")";
        }
        if (permission == null || permission.isBlank()) {
            return "endpoint " + path + " names no permission (" + Endpoint.PERMISSION + "); every endpoint needs one";
        }
        return null;
    }
}
