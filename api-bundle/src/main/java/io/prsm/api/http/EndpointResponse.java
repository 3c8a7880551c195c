package io.prsm.api.http;

import java.util.Map;

import io.prsm.api.JsonValues;

/**
 * What an {@link Endpoint} answers: an HTTP status and a JSON object.
 *
 * @param status the HTTP status, 200 to 599
 * @param body the JSON object sent back (maps, lists, strings, numbers, booleans)
 */
public record EndpointResponse(int status, Map<String, Object> body) {

    public EndpointResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("An endpoint answers with a status from 200 to 599, not " + status);
        }
        body = body == null ? Map.of() : JsonValues.copyOf(body);
    }

    /** 200 with {@code body}. */
    public static EndpointResponse ok(Map<String, Object> body) {
        return new EndpointResponse(200, body);
    }

    /** A client error (4xx) with {@code {"error": message}}. */
    public static EndpointResponse error(int status, String message) {
        return new EndpointResponse(status, Map.of("error", message));
    }
}
