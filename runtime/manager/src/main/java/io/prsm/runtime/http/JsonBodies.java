package io.prsm.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonInputException;

/**
 * Reads request bodies: at most a limit of bytes, within a time limit, and only a JSON object
 * within the {@link io.prsm.limits.JsonLimits}. A caller gets 400 for a body that is not one
 * JSON object, 413 for one over a limit, 408 for one that does not arrive in time: never a 500.
 *
 * <p>Concurrent semantics: thread-safe; the reader is only read.
 */
final class JsonBodies {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** The most of an oversized body that is read only to answer it cleanly. */
    private static final long DRAINED = 16L * 1024 * 1024;

    private final BoundedJson reader;
    private final int limit;
    private final Duration timeout;

    /**
     * @param limit the most bytes a body may have
     * @param timeout how long a body may take to arrive, from the first read; a client that sends
     *     nothing at all is cut off by the server's idle timeout
     */
    JsonBodies(BoundedJson reader, int limit, Duration timeout) {
        this.reader = reader;
        this.limit = limit;
        this.timeout = timeout;
    }

    int limit() {
        return limit;
    }

    /**
     * The body as a JSON object, or an empty map when there is none.
     *
     * @throws ApiError 413 when it is longer than a limit, 400 when it is not a JSON object, 408
     *     when it does not arrive in time
     */
    Map<String, Object> read(long declaredLength, InputStream in) throws ApiError {
        if (declaredLength > limit) {
            throw tooLarge(in);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int read; (read = in.read(buffer)) > 0;) {
                if (body.size() + read > limit) {
                    throw tooLarge(in);
                }
                body.write(buffer, 0, read);
                if (System.nanoTime() - deadline > 0) {
                    throw slow();
                }
            }
        } catch (IOException stalled) {
            // the server's idle timeout ended a read that waited for a client that sent nothing more
            throw new ApiError(408, "The request body stopped arriving before it was complete; send it at once.");
        }
        if (body.size() == 0) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = reader.read(body.toByteArray(), "The request body");
        } catch (JsonInputException refused) {
            throw new ApiError(refused.overLimit() ? 413 : 400, refused.getMessage()
                    + (refused.overLimit() ? "" : " Send one JSON object."));
        }
        if (!root.isObject()) {
            throw new ApiError(400, "The request body must be a JSON object, not " + root.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return reader.mapper().convertValue(root, OBJECT);
    }

    private ApiError slow() {
        return new ApiError(408, "The request body did not arrive within " + timeout.toSeconds() + " s; send it at "
                + "once (the limit is " + ApiServlet.BODY_TIMEOUT_PROPERTY + ").");
    }

    /**
     * A 413 for a body over the limit. Up to {@link #DRAINED} bytes of it are read and dropped
     * first: a client still sending when the answer comes and the connection closes may never
     * see the answer. A larger body is not read; its connection is closed.
     */
    private ApiError tooLarge(InputStream in) {
        byte[] buffer = new byte[8192];
        long drained = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int read; drained < DRAINED && System.nanoTime() - deadline < 0 && (read = in.read(buffer)) > 0;) {
                drained += read;
            }
        } catch (IOException gone) {
            // the client stopped sending: the answer goes out all the same
        }
        return new ApiError(413, "The request body is larger than " + limit + " bytes; send less, or raise "
                + ApiServlet.BODY_LIMIT_PROPERTY + ".");
    }
}
