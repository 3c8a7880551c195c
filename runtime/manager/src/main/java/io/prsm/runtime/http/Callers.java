package io.prsm.runtime.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.prsm.api.runtime.HttpApi;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who calls the API, as the gatekeeper's servlet context left it on the request (its name and the
 * permissions its token carries), and what the call asks for: read by {@link ApiServlet}, which
 * checks the permission again.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Callers {

    private Callers() {
    }

    /** Refuses with 403 unless the caller's token carries {@code permission}. */
    static void requirePermission(HttpServletRequest request, String permission) throws ApiError {
        Set<String> held = permissions(request);
        if (!HttpApi.carries(held, permission)) {
            throw new ApiError(403, "This token does not carry permission " + permission + ".");
        }
    }

    /** The permissions the gatekeeper found the caller's token carries. */
    static Set<String> permissions(HttpServletRequest request) {
        Object held = request.getAttribute(HttpApi.CALLER_PERMISSIONS);
        if (held instanceof Set<?> set) {
            return set.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }

    /** The caller's name, as the gatekeeper found it in the policy, or an empty string. */
    static String name(HttpServletRequest request) {
        return Optional.ofNullable(request.getAttribute(HttpApi.CALLER_NAME)).map(String::valueOf).orElse("");
    }

    /** The request's query parameters, in their order. */
    static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, List.of(values)));
        return query;
    }
}
