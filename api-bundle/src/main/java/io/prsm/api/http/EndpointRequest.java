package io.prsm.api.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prsm.api.JsonValues;

/**
 * One call of an {@link Endpoint}.
 *
 * @param method the HTTP method
 * @param path the path called
 * @param query the query parameters
 * @param body the JSON request body (an object), empty for a request without one
 * @param caller the name the operator gave the caller's token
 * @param callerPermissions the permissions the caller's token carries
 */
public record EndpointRequest(String method, String path, Map<String, List<String>> query, Map<String, Object> body,
        String caller, Set<String> callerPermissions) {

    public EndpointRequest {
        query = Map.copyOf(query);
        body = body == null ? Map.of() : JsonValues.copyOf(body);
        callerPermissions = Set.copyOf(callerPermissions);
    }

    /** The first value of query parameter {@code name}, or {@code defaultValue}. */
    public String parameter(String name, String defaultValue) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? defaultValue : values.get(0);
    }
}
