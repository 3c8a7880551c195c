package io.prsm.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads request bodies: at most a limit of bytes, and only a JSON object.
 *
 * <p>Concurrent semantics: thread-safe; the mapper is only read.
 */
final class JsonBodies {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final int limit;

    JsonBodies(ObjectMapper mapper, int limit) {
        this.mapper = mapper;
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    /**
     * The body as a JSON object, or an empty map when there is none.
     *
     * @throws ApiError 413 when it is longer than the limit, 400 when it is not a JSON object
     */
    Map<String, Object> read(long declaredLength, InputStream in) throws IOException, ApiError {
        if (declaredLength > limit) {
            throw tooLarge();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read; (read = in.read(buffer)) > 0;) {
            if (body.size() + read > limit) {
                throw tooLarge();
            }
            body.write(buffer, 0, read);
        }
        if (body.size() == 0) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = mapper.readValue(body.toByteArray(), OBJECT);
            if (parsed == null) {
                throw new ApiError(400, "The request body must be a JSON object, not null.");
            }
            return parsed;
        } catch (JsonProcessingException malformed) {
            throw new ApiError(400, "The request body is not a JSON object: " + malformed.getOriginalMessage()
                    + " (line " + malformed.getLocation().getLineNr() + ", column "
                    + malformed.getLocation().getColumnNr() + ").");
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "The request body is larger than " + limit + " bytes; send less, or raise "
                + ApiServlet.BODY_LIMIT_PROPERTY + ".");
    }
}
