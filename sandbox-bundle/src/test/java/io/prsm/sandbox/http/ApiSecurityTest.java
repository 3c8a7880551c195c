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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

public class ApiSecurityTest {

    private static final String TOKEN = "a-caller-token-of-some-length";
    private static final Policy POLICY = new PolicyParser().parse("{\"tokens\":{\"admin\":{\"token\":\"" + TOKEN
            + "\",\"permissions\":[\"prsm_admin\"],\"expires\":\"2027-01-31T00:00:00Z\"}}}").policy();

    private final List<AuditEvent> audited = new ArrayList<>();
    private final AuditSink audit = audited::add;

    /** The servlet API's request and response, as far as the servlet context reads and writes them. */
    private static final class Exchange {
        final Map<String, Object> attributes = new HashMap<>();
        final StringWriter body = new StringWriter();
        int status;

        HttpServletRequest request(String authorization) {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                        case "getRequestURI" -> "/api/v1/plugins";
                        case "getMethod" -> "GET";
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
}
