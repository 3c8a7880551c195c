package io.prsm.api.http;

import org.osgi.annotation.versioning.ConsumerType;

import io.prsm.api.PluginException;

/**
 * One HTTP endpoint of a plugin. Register it as a service with {@link #PATH} and
 * {@link #PERMISSION}, for example with Declarative Services:
 *
 * <pre>
 * &#64;Component(service = Endpoint.class, property = {
 *         Endpoint.PATH + "=/api/v1/analytics/dashboard",
 *         Endpoint.PERMISSION + "=analytics_read" })
 * </pre>
 *
 * Callers send {@code Authorization: Bearer <token>}; a missing or unknown token is answered 401,
 * a token without the permission 403, a request while the plugin is not active 503, and an
 * exception from {@link #handle} 500 with a JSON error that names no class and carries no stack
 * trace. Calls run under the plugin's task limits: at most {@code prsm.task.concurrency} at once
 * (further callers wait), and each caller is answered within {@code prsm.task.timeout} of its
 * arrival: 504 if the call did not return in time (it is interrupted), 503 if it never got a turn.
 *
 * <p>Concurrent semantics: {@link #handle} is called from several threads at once, none of them
 * the HTTP server's.
 */
@ConsumerType
public interface Endpoint {

    /** Service property: the path served, below {@code /api/v1/} and not below {@code /api/v1/plugins}. */
    String PATH = "prsm.endpoint.path";

    /** Service property: the permission a caller's token must carry. */
    String PERMISSION = "prsm.endpoint.permission";

    /** Service property: the HTTP methods accepted (string or array); {@code GET} when absent. */
    String METHODS = "prsm.endpoint.methods";

    /**
     * Answers one request.
     *
     * @throws PluginException if the plugin failed; the caller gets 500
     */
    EndpointResponse handle(EndpointRequest request) throws PluginException;
}
