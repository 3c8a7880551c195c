package io.prsm.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A servlet request as {@link AdminRoutes} sees it; the JSON body is read once, within the limits.
 *
 * <p>Concurrent semantics: one per request, on the request's thread.
 */
final class ServletRequestView implements AdminRoutes.Request {

    private final HttpServletRequest request;
    private final JsonBodies bodies;
    private Map<String, Object> json;

    ServletRequestView(HttpServletRequest request, JsonBodies bodies) {
        this.request = request;
        this.bodies = bodies;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String contentType() {
        return request.getContentType();
    }

    @Override
    public String query(String name) {
        return request.getParameter(name);
    }

    @Override
    public Map<String, Object> json() throws ApiError {
        if (json == null) {
            try {
                json = bodies.read(request.getContentLengthLong(), request.getInputStream());
            } catch (IOException unreadable) {
                throw new ApiError(400, "The request body cannot be read; send it again.");
            }
        }
        return json;
    }

    /** The text field {@code name} of the JSON body if the route read one, else null (nothing is read here). */
    String bodyText(String name) {
        return json != null && json.get(name) instanceof String text ? text : null;
    }

    @Override
    public InputStream body() throws IOException {
        return request.getInputStream();
    }

    @Override
    public boolean wantsShellAdvice() {
        return "shell".equalsIgnoreCase(request.getHeader(AdminRoutes.SHELL_ADVICE));
    }
}
