package io.prsm.runtime.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.runtime.HttpApi;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers every path nothing else serves, outside {@code /api} too, with the API's JSON error
 * instead of Jetty's HTML page: one style of answer on the whole port.
 *
 * <p>Concurrent semantics: stateless.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=prsm-not-found" })
public final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(404);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // the path is not echoed: it is the caller's input, and nothing here needs it
        response.getOutputStream().write(("{\"error\":\"Nothing is served here; the API is below " + HttpApi.ENDPOINT_ROOT
                + " and " + HttpApi.RUNTIME_PATH + "/openapi.json describes it.\",\"status\":404}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
