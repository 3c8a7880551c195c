package io.prsm.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prsm.limits.PlatformJson;

/**
 * The OpenAPI description of the admin routes, shipped beside this class as {@code openapi.json}
 * and served at {@code /api/v1/runtime/openapi.json}; a test checks it against {@link AdminRoutes}.
 *
 * <p>Concurrent semantics: stateless; each call reads the resource.
 */
final class OpenApi {

    private OpenApi() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the runtime bundle");
            }
            return PlatformJson.mapper().readValue(in, Map.class);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
