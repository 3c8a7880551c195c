package io.prsm.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import java.util.function.Supplier;

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

    /** The most of an oversized body that is read only to answer it cleanly. */
    private static final long DRAINED = 16L * 1024 * 1024;

    private final Supplier<ObjectMapper> mapper;
    private final int limit;

    /** @param mapper gives the mapper when a body is read; Jackson loads on first use */
    JsonBodies(Supplier<ObjectMapper> mapper, int limit) {
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
            throw tooLarge(in);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int read; (read = in.read(buffer)) > 0;) {
            if (body.size() + read > limit) {
                throw tooLarge(in);
            }
            body.write(buffer, 0, read);
        }
        if (body.size() == 0) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = mapper.get().readValue(body.toByteArray(), OBJECT);
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

    /**
     * A 413 for a body over the limit. Up to {@link #DRAINED} bytes of it are read and dropped
     * first: a client still sending when the answer comes and the connection closes may never
     * see the answer. A larger body is not read; its connection is closed.
     */
    private ApiError tooLarge(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long drained = 0;
        for (int read; drained < DRAINED && (read = in.read(buffer)) > 0;) {
            drained += read;
        }
        return new ApiError(413, "The request body is larger than " + limit + " bytes; send less, or raise "
                + ApiServlet.BODY_LIMIT_PROPERTY + ".");
    }
}
