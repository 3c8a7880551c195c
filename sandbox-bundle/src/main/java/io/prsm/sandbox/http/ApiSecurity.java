package io.prsm.sandbox.http;

import java.io.IOException;
import java.security.SecureRandom;
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
 * The servlet context of the runtime's HTTP API and web console. Before any servlet in it runs, it
 * takes the bearer token from {@code Authorization} (or, for the console, from its login form or
 * its HttpOnly session cookie), finds it in the policy (401 when there is none or it is unknown),
 * refuses a cookie-borne request without the session's CSRF header (403) and checks that the token
 * carries the permission of the path asked for (403 when not). Only the console's page shell, login
 * form and assets are served without a token. Refusals are audited with the caller's name, never
 * with the token.
 *
 * <p>Concurrent semantics: thread-safe; the policy is read through its holder on each request.
 */
public final class ApiSecurity extends ServletContextHelper {

    private final Supplier<Policy> policy;
    private final EndpointPermissions permissions;
    private final AuditSink audit;
    private final Clock clock;
    private final ConsoleSessions sessions = new ConsoleSessions(new SecureRandom());

    public ApiSecurity(Supplier<Policy> policy, EndpointPermissions permissions, AuditSink audit, Clock clock) {
        this.policy = policy;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (ConsoleSessions.isOpen(request.getMethod(), path)) {
            return true;
        }
        ConsoleSessions.Credential credential = ConsoleSessions.credential(request);
        if (credential == null) {
            refuse(response, 401, "Send Authorization: Bearer <token>, or log in at " + ConsoleSessions.LOGIN_PATH
                    + "; the operator issues tokens in policy.json.");
            return false;
        }
        Optional<ApiToken> token = policy.get().authenticate(credential.token());
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
        String forgery = sessions.forgery(request, credential);
        if (forgery != null) {
            audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + path,
                    "caller " + caller.name() + " refused as a possibly forged request: " + forgery));
            refuse(response, 403, "Refused as a possibly forged request (" + forgery + "); reload the console.");
            return false;
        }
        Set<String> missing = new LinkedHashSet<>(required(request.getMethod(), path));
        missing.removeIf(permission -> HttpApi.carries(caller.permissions(), permission));
        if (!missing.isEmpty()) {
            audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + path,
                    "caller " + caller.name() + " lacks " + String.join(", ", missing)));
            refuse(response, 403, "This token does not carry permission " + String.join(", ", missing) + ".");
            return false;
        }
        request.setAttribute(HttpApi.CALLER_PERMISSIONS, caller.permissions());
        request.setAttribute(HttpApi.CALLER_NAME, caller.name());
        request.setAttribute(HttpApi.CALLER_CSRF, sessions.csrf(credential.token()));
        request.setAttribute(REMOTE_USER, caller.name());
        request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
        return true;
    }

    /**
     * The runtime's own routes need {@code prsm_read} to read and {@code prsm_admin} to act; the
     * console (log in, session, log out) needs {@code prsm_read}; plugin endpoints their own.
     */
    private Set<String> required(String method, String path) {
        if (ConsoleSessions.isConsole(path)
                || HttpApi.isRuntimeOwn(path) && HttpApi.isReading(method)) {
            return Set.of(HttpApi.READ_PERMISSION);
        }
        return permissions.required(path);
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
