package io.prsm.sandbox.http;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.service.servlet.context.ServletContextHelper;

import io.prsm.api.runtime.HttpApi;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.policy.ApiToken;
import io.prsm.sandbox.policy.Policy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet context of the runtime's HTTP API. Before any servlet in it runs, it takes the
 * bearer token from {@code Authorization}, finds it in the policy (401 when there is none or it is
 * unknown) and checks that it carries the permission of the path asked for (403 when not). Refusals
 * are audited with the caller's name, never with the token.
 *
 * <p>Concurrent semantics: thread-safe; the policy is read through its holder on each request.
 */
public final class ApiSecurity extends ServletContextHelper {

    private static final String BEARER = "Bearer ";

    private final Supplier<Policy> policy;
    private final EndpointPermissions permissions;
    private final AuditSink audit;
    private final Clock clock;

    public ApiSecurity(Supplier<Policy> policy, EndpointPermissions permissions, AuditSink audit, Clock clock) {
        this.policy = policy;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            refuse(response, 401, "Send Authorization: Bearer <token>; the operator issues tokens in policy.json.");
            return false;
        }
        Optional<ApiToken> token = policy.get().authenticate(header.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + path,
                    "unknown bearer token from " + request.getRemoteAddr()));
            refuse(response, 401, "The bearer token is not known; ask the operator for one.");
            return false;
        }
        ApiToken caller = token.get();
        if (caller.expiredAt(clock.instant())) {
            audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + path,
                    "token of caller " + caller.name() + " expired at " + caller.expires()));
            refuse(response, 401, "This bearer token expired at " + caller.expires() + "; ask the operator for a "
                    + "new one.");
            return false;
        }
        Set<String> missing = new LinkedHashSet<>(permissions.required(path));
        missing.removeAll(caller.permissions());
        if (!missing.isEmpty()) {
            audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + path,
                    "caller " + caller.name() + " lacks " + String.join(", ", missing)));
            refuse(response, 403, "This token does not carry permission " + String.join(", ", missing) + ".");
            return false;
        }
        request.setAttribute(HttpApi.CALLER_PERMISSIONS, caller.permissions());
        request.setAttribute(HttpApi.CALLER_NAME, caller.name());
        request.setAttribute(REMOTE_USER, caller.name());
        request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
        return true;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"prsm\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"status\":" + status + "}");
    }
}
