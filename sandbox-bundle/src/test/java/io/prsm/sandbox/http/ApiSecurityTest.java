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
        int status;

        HttpServletRequest request(String authorization) {
            return request("GET", "/api/v1/plugins", authorization == null ? Map.of()
                    : Map.of("Authorization", authorization), null, Map.of());
        }

        /** A request with these headers (names as written here), session cookie (or null) and form parameters. */
        HttpServletRequest request(String verb, String uri, Map<String, String> headers, String cookie,
                Map<String, String> form) {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getCookies" -> cookie == null ? null
                                : new Cookie[] { new Cookie(HttpApi.SESSION_COOKIE, java.util.Base64.getUrlEncoder()
                                        .withoutPadding().encodeToString(cookie.getBytes())) };
                        case "getParameter" -> form.get((String) args[0]);
                        case "getRequestURI" -> uri;
                        case "getMethod" -> verb;
                        case "getRemoteAddr" -> "127.0.0.1";
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
                        }
                        return method.getName().equals("getWriter") ? writer : null;
                    });
        }
    }

    private ApiSecurity at(String now) {
        // the admin routes need prsm_admin whatever endpoints are registered: the tracker is never opened
        BundleContext unused = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> method.getName().equals("createFilter")
                        ? FrameworkUtil.createFilter((String) args[0]) : null);
        return new ApiSecurity(() -> POLICY, new EndpointPermissions(unused), audit,
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
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
        for (String uri : List.of("/console", "/console/", "/console/login", "/console/assets/console.js")) {
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
        assertTrue(at("2027-01-01T00:00:00Z").handleSecurity(own.request("POST", "/console/login",
                Map.of("Origin", "http://127.0.0.1:8080", "Host", "127.0.0.1:8080"), null, Map.of("token", READER)),
                own.response()));
        assertEquals("reader", own.attributes.get(HttpApi.CALLER_NAME));
        Exchange forged = new Exchange();
        assertFalse(at("2027-01-01T00:00:00Z").handleSecurity(forged.request("POST", "/console/login",
                Map.of("Origin", "http://evil.example", "Host", "127.0.0.1:8080"), null, Map.of("token", READER)),
                forged.response()));
        assertEquals(403, forged.status);
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("another origin http://evil.example"));
    }

    @Test
    public void aSessionCookieActsOnlyWithItsCsrfHeader() throws Exception {
        ApiSecurity security = at("2027-01-01T00:00:00Z");
        Exchange session = new Exchange();
        assertTrue(security.handleSecurity(session.request("GET", "/console/session", Map.of(), TOKEN, Map.of()),
                session.response()));
        String csrf = (String) session.attributes.get(HttpApi.CALLER_CSRF);

        Exchange forged = new Exchange();
        assertFalse(security.handleSecurity(forged.request("POST", "/api/v1/plugins/csv-processor/stop", Map.of(),
                TOKEN, Map.of()), forged.response()));
        assertEquals(403, forged.status);
        Exchange wrong = new Exchange();
        assertFalse(security.handleSecurity(wrong.request("POST", "/api/v1/plugins/csv-processor/stop",
                Map.of(HttpApi.CSRF_HEADER, csrf + "x"), TOKEN, Map.of()), wrong.response()));
        assertEquals(403, wrong.status);
        assertEquals(2, audited.size());
        assertTrue(audited.get(0).reason(), audited.get(0).reason().contains("caller admin refused as a possibly "
                + "forged request: session cookie without the X-PRSM-CSRF header"));
        assertEquals("POST /api/v1/plugins/csv-processor/stop", audited.get(0).request());

        Exchange honest = new Exchange();
        assertTrue(security.handleSecurity(honest.request("POST", "/api/v1/plugins/csv-processor/stop",
                Map.of(HttpApi.CSRF_HEADER, csrf), TOKEN, Map.of()), honest.response()));
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
