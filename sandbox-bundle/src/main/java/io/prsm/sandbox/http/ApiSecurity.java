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
 * takes the bearer token from {@code Authorization} or the console's login form, or the console
 * session from its HttpOnly cookie; finds the token in the policy (401 when there is none, it is
 * unknown, or the session ended); refuses a session's request without the session's CSRF header
 * (403) and checks that the token carries the permission of the path asked for (403 when not). It
 * answers the console's login and logout itself, because it owns the sessions. Only the console's
 * page shell, login form and assets are served without a token. Refusals, logins and logouts are
 * audited with the caller's name, never with the token.
 *
 * <p>Concurrent semantics: thread-safe; the policy is read through its holder on each request.
 */
public final class ApiSecurity extends ServletContextHelper {

    private static final String LOG_IN_AGAIN = "Your console session has ended (logged out, idle too long, or the "
            + "runtime restarted); log in again at " + ConsoleSessions.LOGIN_PATH + ".";

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
            if (ConsoleSessions.isLoginForm(request)) {
                refuse(response, 400, "Enter a token.");
            } else {
                refuse(response, 401, "Send Authorization: Bearer <token>, or log in at " + ConsoleSessions.LOGIN_PATH
                        + "; the operator issues tokens in policy.json.");
            }
            return false;
        }
        ConsoleSessions.Session session = null;
        ApiToken caller;
        if (credential.source() == ConsoleSessions.Source.COOKIE) {
            session = sessions.find(credential.value(), clock.instant()).orElse(null);
            if (session == null) {
                if (sessions.firstSightOfUnknown(credential.value())) {
                    deny(request, "unknown or ended console session from " + request.getRemoteAddr());
                }
                refuse(response, 401, LOG_IN_AGAIN);
                return false;
            }
            Optional<ApiToken> token = policy.get().authenticateDigest(session.tokenDigest);
            if (token.isEmpty()) {
                sessions.close(session.id);
                deny(request, "console session of caller " + session.caller + " ended: the policy no longer "
                        + "issues its token");
                refuse(response, 401, LOG_IN_AGAIN);
                return false;
            }
            caller = token.get();
        } else {
            Optional<ApiToken> token = policy.get().authenticate(credential.value());
            if (token.isEmpty()) {
                deny(request, "unknown bearer token from " + request.getRemoteAddr());
                refuse(response, 401, "The bearer token is not known; ask the operator for one.");
                return false;
            }
            caller = token.get();
        }
        if (caller.expiredAt(clock.instant())) {
            if (session != null) {
                sessions.close(session.id);
            }
            deny(request, "token of caller " + caller.name() + " expired at " + caller.expires());
            refuse(response, 401, "This bearer token expired at " + caller.expires() + "; ask the operator for a "
                    + "new one.");
            return false;
        }
        String forgery = ConsoleSessions.forgery(request, credential, session);
        if (forgery != null) {
            deny(request, "caller " + caller.name() + " refused as a possibly forged request: " + forgery);
            refuse(response, 403, "Refused as a possibly forged request (" + forgery + "); reload the console.");
            return false;
        }
        Set<String> missing = new LinkedHashSet<>(required(request.getMethod(), path));
        missing.removeIf(permission -> HttpApi.carries(caller.permissions(), permission));
        if (!missing.isEmpty()) {
            deny(request, "caller " + caller.name() + " lacks " + String.join(", ", missing));
            refuse(response, 403, "This token does not carry permission " + String.join(", ", missing) + ".");
            return false;
        }
        if (credential.source() == ConsoleSessions.Source.LOGIN_FORM) {
            logIn(request, response, caller);
            return false;
        }
        if (session != null && "POST".equals(request.getMethod()) && ConsoleSessions.LOGOUT_PATH.equals(path)) {
            sessions.close(session.id);
            grant(request, "caller " + caller.name() + " logged out of the console");
            setCookie(request, response, "", 0);
            response.setStatus(200);
            response.setContentType("application/json");
            response.getWriter().write("{\"logged_out\":true}");
            return false;
        }
        request.setAttribute(HttpApi.CALLER_PERMISSIONS, caller.permissions());
        request.setAttribute(HttpApi.CALLER_NAME, caller.name());
        if (session != null) {
            request.setAttribute(HttpApi.CALLER_CSRF, session.csrf);
        }
        request.setAttribute(REMOTE_USER, caller.name());
        request.setAttribute(AUTHENTICATION_TYPE, "Bearer");
        return true;
    }

    /** Opens a session, hands the browser its id in the cookie and sends it to the console. */
    private void logIn(HttpServletRequest request, HttpServletResponse response, ApiToken caller) {
        ConsoleSessions.Session session = sessions.open(caller.name(), caller.sha256(), clock.instant());
        grant(request, "caller " + caller.name() + " logged in to the console");
        setCookie(request, response, session.id, -1);
        response.setStatus(303);
        response.setHeader("Location", HttpApi.CONSOLE_PATH + "/");
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

    private void deny(HttpServletRequest request, String reason) {
        audit.record(AuditEvent.denied("-", -1, "http", request.getMethod() + " " + request.getRequestURI(), reason));
    }

    private void grant(HttpServletRequest request, String reason) {
        audit.record(AuditEvent.granted("-", -1, "http", request.getMethod() + " " + request.getRequestURI(), reason));
    }

    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String value, int maxAge) {
        // written by hand: the servlet API of Jetty 11 has no SameSite attribute; no Max-Age on login,
        // so the browser forgets it when it closes (the server forgets it at idle or absolute expiry)
        response.addHeader("Set-Cookie", HttpApi.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : "") + (maxAge >= 0 ? "; Max-Age=" + maxAge : ""));
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
