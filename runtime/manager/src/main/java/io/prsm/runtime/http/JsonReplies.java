package io.prsm.runtime.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON answers of {@link ApiServlet}: every answer is JSON, written whole, and an error carries
 * {@code error} and {@code status}.
 *
 * <p>Concurrent semantics: stateless.
 */
final class JsonReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private JsonReplies() {
    }

    /** The body of an error answer: {@code error} and {@code status}, never a stack trace. */
    static Map<String, Object> error(int status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("status", status);
        return error;
    }

    /** Writes {@code body} as the JSON answer with {@code status}, whole or not at all. */
    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] json;
        try {
            // written whole or not at all: a failure half-way would leave the caller half an answer
            json = io.prsm.runtime.commands.JsonStyle.writeBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException unwritable) {
            LOG.error("An answer could not be written as JSON", unwritable);
            response.setStatus(500);
            json = io.prsm.runtime.commands.JsonStyle.writeBytes(error(500, "The runtime failed to answer; the operator finds the "
                    + "cause in its log."));
        }
        response.getOutputStream().write(json);
    }
}
