package io.prsm.runtime.http;

import java.util.Map;

import io.prsm.api.PluginException;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.PluginThrowables;
import io.prsm.limits.Quote;
import io.prsm.runtime.tasks.AnswerValues;

/**
 * What one call of a plugin's endpoint came to, made on the endpoint's own thread while its caller
 * waits within the deadline: plain JSON values and words, never an object of the plugin's. The
 * HTTP server's thread then writes only these. Before, the answer's leaves were written by Jackson
 * and the endpoint's exception described on the HTTP server's thread, after the deadline: a
 * 40-million-bit {@code BigInteger}, or a {@code getMessage} that writes one, held a Jetty thread
 * for minutes, past the plugin's uninstall (atk4's {@code answers-its-endpoint-late}).
 *
 * @param status the HTTP status to answer
 * @param body the answer's plain JSON values, for a status below 300
 * @param error the words for the caller, for a status of 300 or more
 * @param logged the description of what the endpoint threw, for the runtime's log, or null
 * @param refusal why the endpoint's answer or failure could not be used as it was, to audit, or null
 */
record EndpointAnswer(int status, Map<String, Object> body, String error, String logged, String refusal) {

    /**
     * Calls {@code endpoint} and makes what it answered or threw into an answer. Call it on the
     * endpoint's own thread: every call of the plugin's code (its handler, its answer's maps and
     * records, its throwable's getters) happens here, with the plugin's class loader as the thread's
     * context loader, as a task has it; the thread's own is put back after. {@code limits}: the
     * runtime's {@code prsm.json.*}, which bound the answer as they bound a task's.
     */
    static EndpointAnswer of(Endpoint endpoint, String pluginId, String path, EndpointRequest request,
            JsonLimits limits) {
        Thread thread = Thread.currentThread();
        ClassLoader platform = thread.getContextClassLoader();
        // through the pool's own loader a plugin would reach the runtime's private classes, and a
        // loader left set to the plugin's would keep it reachable from the pooled thread after a refresh
        thread.setContextClassLoader(endpoint.getClass().getClassLoader());
        try {
            return answer(endpoint, pluginId, path, request, limits);
        } finally {
            thread.setContextClassLoader(platform);
        }
    }

    private static EndpointAnswer answer(Endpoint endpoint, String pluginId, String path, EndpointRequest request,
            JsonLimits limits) {
        EndpointResponse response;
        try {
            response = endpoint.handle(request);
        } catch (PluginException failure) {
            PluginThrowables.Described trace = PluginThrowables.trace(failure);
            PluginThrowables.Described message = trace.refusal() == null ? PluginThrowables.message(failure) : trace;
            return failed("Plugin '" + pluginId + "' failed to answer: " + message.text(), trace);
        } catch (Throwable crash) {
            return failed("Plugin '" + pluginId + "' failed to answer; the operator finds the cause in the runtime's "
                    + "log.", PluginThrowables.trace(crash));
        }
        if (response == null) {
            return new EndpointAnswer(500, Map.of(), "Plugin '" + pluginId + "' gave no answer.", null, null);
        }
        Map<String, Object> body;
        try {
            body = plain(AnswerValues.plain(response.body(), endpoint, limits));
        } catch (IllegalArgumentException notJson) {
            String reason = "answered " + path + " with data the runtime cannot send: "
                    + Quote.prefix(notJson.getMessage(), 300);
            return new EndpointAnswer(500, Map.of(), "Plugin '" + pluginId + "' " + reason + ".", null, reason);
        } catch (Throwable crash) {
            // a record accessor or map of the plugin's threw while its answer was read
            return failed("Plugin '" + pluginId + "' failed to answer; the operator finds the cause in the runtime's "
                    + "log.", PluginThrowables.trace(crash));
        }
        if (response.status() >= 300) {
            Object message = body.getOrDefault("error", "refused by plugin '" + pluginId + "'");
            return new EndpointAnswer(response.status(), Map.of(), String.valueOf(message), null, null);
        }
        return new EndpointAnswer(response.status(), body, null, null, null);
    }

    private static EndpointAnswer failed(String error, PluginThrowables.Described trace) {
        return new EndpointAnswer(500, Map.of(), error, trace.text(), trace.refusal());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Object values) {
        // EndpointResponse holds a map, and AnswerValues makes a map of a map
        return (Map<String, Object>) values;
    }
}
