package io.prsm.sandbox.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.prsm.api.runtime.HttpApi;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.policy.Policy;
import io.prsm.sandbox.policy.PolicyParser;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

public class ApiSecurityTest {

    private static final String TOKEN = "a-caller-token-of-some-length";
    private static final String READER = "a-reader-token-of-some-length";
    private static final String CALLER = "a-plugin-endpoint-callers-token";
    private static final Policy POLICY = new PolicyParser().parse("{\"tokens\":{\"admin\":{\"token\":\"" + TOKEN
            + "\",\"permissions\":[\"prsm_admin\"],\"expires\":\"2027-01-31T00:00:00Z\"},"
            + "\"reader\":{\"token\":\"" + READER + "\",\"permissions\":[\"prsm_read\"]},"
            + "\"plugin-caller\":{\"token\":\"" + CALLER + "\",\"permissions\":[\"analytics_read\"]}}}").policy();

    private final List<AuditEvent> audited = new ArrayList<>();
    private final AuditSink audit = audited::add;

    /** The servlet API's request and response, as far as the servlet context reads and writes them. */
    private static final class Exchange {
        final Map<String, Object> attributes = new HashMap<>();
        final StringWriter body = new StringWriter();
        final Map<String, String> headers = new HashMap<>();
        int status;

        HttpServletRequest request(String authorization) {
            return request("GET", "/api/v1/plugins", authorization == null ? Map.of()
                    : Map.of("Authorization", authorization), null, Map.of());
        }

        /** A request with these headers (names as written here), session cookie value (or null) and form parameters. */
        HttpServletRequest request(String verb, String uri, Map<String, String> headers, String cookie,
                Map<String, String> form) {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getCookies" -> cookie == null ? null
                                : new Cookie[] { new Cookie(HttpApi.SESSION_COOKIE, cookie) };
                        case "getParameter" -> form.get((String) args[0]);
                        case "getRequestURI" -> uri;
                        case "getMethod" -> verb;
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "isSecure" -> false;
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        default -> null;
                    });
        }

        HttpServletResponse response() {
            PrintWriter writer = new PrintWriter(body);
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                        if (method.getName().equals("setStatus")) {
                            status = (Integer) args[0];
                        } else if (method.getName().equals("addHeader") || method.getName().equals("setHeader")) {
                            headers.put((String) args[0], (String) args[1]);
                        }
                        return method.getName().equals("getWriter") ? writer : null;
                    });
        }
    }

    private ApiSecurity at(String now) {
        return new ApiSecurity(() -> POLICY, endpoints(), audit, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private EndpointPermissions endpoints() {
        // the admin routes need prsm_admin whatever endpoints are registered: the tracker is never opened
        BundleContext unused = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> method.getName().equals("createFilter")
                        ? FrameworkUtil.createFilter((String) args[0]) : null);
        return new EndpointPermissions(unused);
    }

    @Test
    public void aTokenIsAcceptedUntilItExpires() throws Exception {
        Exchange exchange = new Exchange();
        assertTrue(at("2027-01-30T23:59:59Z").handleSecurity(exchange.request("Bearer " + TOKEN), exchange.response()));
        assertEquals("admin", exchange.attributes.get(HttpApi.CALLER_NAME));
        assertTrue(audited.isEmpty());
    }

    @Test
    public void anExpiredTokenIsRefusedAndAudited() throws Exception {
        Exchange exchange = new Exchange();
        assertFalse(at("2027-01-31T00:00:00Z").handleSecurity(exchange.request("Bearer " + TOKEN), exchange.response()));
        assertEquals(401, exchange.status);
        assertTrue(exchange.body.toString(), exchange.body.toString().contains("This bearer token expired at "
                + "2027-01-31T00:00:00Z; ask the operator for a new one."));
        assertEquals(1, audited.size());
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("token of caller admin expired"));
    }

    @Test
    public void theConsoleShellLoginFormAndAssetsAreServedWithoutAToken() throws Exception {
        for (String uri : List.of("/console", "/console/", "/console/index.html", "/console/login",
                "/console/assets/console.js")) {
            Exchange exchange = new Exchange();
            assertTrue(uri, at("2027-01-01T00:00:00Z").handleSecurity(
                    exchange.request("GET", uri, Map.of(), null, Map.of()), exchange.response()));
        }
        Exchange data = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(
                data.request("GET", "/console/session", Map.of(), null, Map.of()), data.response()));
        assertEquals(401, data.status);
        Exchange escape = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(
                escape.request("GET", "/console/assets/../session", Map.of(), null, Map.of()), escape.response()));
    }

    @Test
    public void aLoginFormFromThisOriginIsAcceptedAndOneFromAnotherSiteIsRefused() throws Exception {
        Exchange own = new Exchange();
        // the gatekeeper answers the login itself: a session cookie and the way to the console
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(own.request("POST", "/console/login",
                Map.of("Origin", "http://127.0.0.1:8080", "Host", "127.0.0.1:8080"), null, Map.of("token", READER)),
                own.response()));
        assertEquals(303, own.status);
        assertTrue(own.headers.get("Set-Cookie"), own.headers.get("Set-Cookie").startsWith(HttpApi.SESSION_COOKIE));
        audited.clear();
        Exchange forged = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(forged.request("POST", "/console/login",
                Map.of("Origin", "http://evil.example", "Host", "127.0.0.1:8080"), null, Map.of("token", READER)),
                forged.response()));
        assertEquals(403, forged.status);
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("another origin http://evil.example"));
    }

    /** Logs in with {@code token} through the console's form; answers the session id the cookie holds. */
    private static String logIn(ApiSecurity security, String token) throws Exception {
        Exchange login = new Exchange();
        assertFalse(security.handleSecurity(login.request("POST", "/console/login", Map.of("Host", "127.0.0.1:8080"),
                null, Map.of("token", token)), login.response()));
        assertEquals(303, login.status);
        String cookie = login.headers.get("Set-Cookie");
        assertTrue(cookie, cookie.startsWith(HttpApi.SESSION_COOKIE + "=") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict"));
        return cookie.substring(HttpApi.SESSION_COOKIE.length() + 1, cookie.indexOf(';'));
    }

    private static String csrfOf(ApiSecurity security, String session) throws Exception {
        Exchange read = new Exchange();
        assertTrue(security.handleSecurity(read.request("GET", "/console/session", Map.of(), session, Map.of()),
                read.response()));
        return (String) read.attributes.get(HttpApi.CALLER_CSRF);
    }

    @Test
    public void aSessionCookieActsOnlyWithItsCsrfHeader() throws Exception {
        ApiSecurity security = at("2027-01-01T00:00:00Z");
        String session = logIn(security, TOKEN);
        String csrf = csrfOf(security, session);
        audited.clear();

        Exchange forged = new Exchange();
        assertFalse(security.handleSecurity(forged.request("POST", "/api/v1/plugins/csv-processor/stop", Map.of(),
                session, Map.of()), forged.response()));
        assertEquals(403, forged.status);
        Exchange wrong = new Exchange();
        assertFalse(security.handleSecurity(wrong.request("POST", "/api/v1/plugins/csv-processor/stop",
                Map.of(HttpApi.CSRF_HEADER, csrf + "x"), session, Map.of()), wrong.response()));
        assertEquals(403, wrong.status);
        assertEquals(2, audited.size());
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("caller admin refused as a possibly "
                + "forged request: session cookie without the X-PRSM-CSRF header"));
        assertEquals("POST /api/v1/plugins/csv-processor/stop", audited.get(0).request());

        Exchange honest = new Exchange();
        assertTrue(security.handleSecurity(honest.request("POST", "/api/v1/plugins/csv-processor/stop",
                Map.of(HttpApi.CSRF_HEADER, csrf), session, Map.of()), honest.response()));
        assertEquals("admin", honest.attributes.get(HttpApi.CALLER_NAME));
    }

    @Test
    public void theCookieHoldsARandomSessionNotTheTokenAndEachLoginHasItsOwnCsrf() throws Exception {
        ApiSecurity security = at("2027-01-01T00:00:00Z");
        String first = logIn(security, TOKEN);
        String second = logIn(security, TOKEN);
        assertFalse(first.equals(second));
        assertFalse(csrfOf(security, first).equals(csrfOf(security, second)));
        assertFalse(first.contains(TOKEN) || second.contains(TOKEN));
        assertEquals("caller admin logged in to the console", audited.get(0).reason());
        assertTrue(audited.get(0).allowed());

        // the old scheme's cookie, built by anyone who knows the token, is no session
        Exchange built = new Exchange();
        assertFalse(security.handleSecurity(built.request("GET", "/console/session", Map.of(), java.util.Base64
                .getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes()), Map.of()), built.response()));
        assertEquals(401, built.status);
        assertTrue(built.body.toString(), built.body.toString().contains("log in again at /console/login"));
    }

    @Test
    public void aCookieKeptFromBeforeLogoutOrARestartIsRefusedAndAuditedOnce() throws Exception {
        ApiSecurity security = at("2027-01-01T00:00:00Z");
        String session = logIn(security, READER);
        String csrf = csrfOf(security, session);
        Exchange logout = new Exchange();
        assertFalse(security.handleSecurity(logout.request("POST", "/console/logout", Map.of(HttpApi.CSRF_HEADER, csrf),
                session, Map.of()), logout.response()));
        assertEquals(200, logout.status);
        assertTrue(logout.headers.get("Set-Cookie"), logout.headers.get("Set-Cookie").contains("Max-Age=0"));
        assertEquals("caller reader logged out of the console", audited.get(audited.size() - 1).reason());
        audited.clear();
        for (int poll = 0; poll < 3; poll++) {
            Exchange after = new Exchange();
            assertFalse(security.handleSecurity(after.request("GET", "/api/v1/plugins", Map.of(HttpApi.CSRF_HEADER, csrf),
                    session, Map.of()), after.response()));
            assertEquals(401, after.status);
        }
        assertEquals(1, audited.size());
        assertTrue(audited.get(0).reason(), audited.get(0).reason().startsWith("unknown or ended console session"));

        // a new gatekeeper (a restart) knows no session of the old one
        String old = logIn(security, READER);
        Exchange restarted = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(restarted.request("GET", "/console/session", Map.of(),
                old, Map.of()), restarted.response()));
        assertEquals(401, restarted.status);
    }

    @Test
    public void aSessionEndsWhenIdleTooLongOrThePolicyNoLongerIssuesItsToken() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.parse("2027-01-01T00:00:00Z"));
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        java.util.concurrent.atomic.AtomicReference<Policy> current = new java.util.concurrent.atomic.AtomicReference<>(
                POLICY);
        ApiSecurity security = new ApiSecurity(current::get, endpoints(), audit, moving);
        String idle = logIn(security, READER);
        now.set(now.get().plus(ConsoleSessions.IDLE));
        Exchange late = new Exchange();
        assertFalse(security.handleSecurity(late.request("GET", "/console/session", Map.of(), idle, Map.of()),
                late.response()));
        assertEquals(401, late.status);

        String revoked = logIn(security, READER);
        assertTrue(csrfOf(security, revoked) != null);
        current.set(new PolicyParser().parse("{\"tokens\":{\"admin\":{\"token\":\"" + TOKEN
                + "\",\"permissions\":[\"prsm_admin\"]}}}").policy());
        Exchange reloaded = new Exchange();
        assertFalse(security.handleSecurity(reloaded.request("GET", "/console/session", Map.of(), revoked, Map.of()),
                reloaded.response()));
        assertEquals(401, reloaded.status);
        assertTrue(audited.get(audited.size() - 1).reason(), audited.get(audited.size() - 1).reason()
                .contains("console session of caller reader ended: the policy no longer issues its token"));
    }

    @Test
    public void anEmptyLoginFormIsAskedForAToken() throws Exception {
        Exchange login = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(login.request("POST", "/console/login",
                Map.of("Host", "127.0.0.1:8080"), null, Map.of("token", " ")), login.response()));
        assertEquals(400, login.status);
        assertTrue(login.body.toString(), login.body.toString().contains("Enter a token."));
    }

    @Test
    public void aReadTokenReadsTheRuntimeButCannotAct() throws Exception {
        ApiSecurity security = at("2027-01-01T00:00:00Z");
        Exchange read = new Exchange();
        assertTrue(security.handleSecurity(read.request("GET", "/api/v1/runtime/metrics",
                Map.of("Authorization", "Bearer " + READER), null, Map.of()), read.response()));
        Exchange act = new Exchange();
        assertFalse(security.handleSecurity(act.request("POST", "/api/v1/plugins/csv-processor/stop",
                Map.of("Authorization", "Bearer " + READER), null, Map.of()), act.response()));
        assertEquals(403, act.status);
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("caller reader lacks prsm_admin"));
    }

    @Test
    public void aTokenWithoutPrsmReadCannotLogInToTheConsole() throws Exception {
        Exchange login = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(login.request("POST", "/console/login",
                Map.of("Host", "127.0.0.1:8080"), null, Map.of("token", CALLER)), login.response()));
        assertEquals(403, login.status);
        assertTrue(login.body.toString(), login.body.toString().contains("does not carry permission prsm_read"));
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("caller plugin-caller lacks prsm_read"));
    }
}
