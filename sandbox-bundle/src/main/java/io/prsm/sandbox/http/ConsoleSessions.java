package io.prsm.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.prsm.api.runtime.HttpApi;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the gatekeeper knows about the web console's sessions: which console paths anyone may
 * fetch (the page shell, the login form and the bundled assets, which hold no data), where a
 * request's token comes from (the {@code Authorization} header, the login form, or the
 * {@link HttpApi#SESSION_COOKIE}), and the CSRF token that goes with a token: an HMAC of it under
 * a key drawn when the gatekeeper starts, so it can be checked without keeping sessions, and a
 * page on another site can neither read nor compute it.
 *
 * <p>Concurrent semantics: immutable after construction; thread-safe ({@link Mac} instances are
 * made per call).
 */
final class ConsoleSessions {

    /** Where the token of a request came from. */
    enum Source {
        HEADER, LOGIN_FORM, COOKIE
    }

    /** A token and where it came from. */
    record Credential(String token, Source source) {
    }

    static final String LOGIN_PATH = HttpApi.CONSOLE_PATH + "/login";
    static final String SESSION_PATH = HttpApi.CONSOLE_PATH + "/session";
    private static final String ASSETS = HttpApi.CONSOLE_PATH + "/assets/";
    private static final String BEARER = "Bearer ";

    private final byte[] key = new byte[32];

    ConsoleSessions(SecureRandom random) {
        random.nextBytes(key);
    }

    /** Whether anyone may fetch this: the console's shell page, login form and assets, which carry no data. */
    static boolean isOpen(String method, String path) {
        return HttpApi.isReading(method) && (path.equals(HttpApi.CONSOLE_PATH) || path.equals(HttpApi.CONSOLE_PATH + "/")
                || path.equals(LOGIN_PATH) || path.startsWith(ASSETS) && !path.contains(".."));
    }

    static boolean isConsole(String path) {
        return path.equals(HttpApi.CONSOLE_PATH) || path.startsWith(HttpApi.CONSOLE_PATH + "/");
    }

    /** The request's token, or null when it brings none. */
    static Credential credential(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? new Credential(header.substring(BEARER.length()).trim(), Source.HEADER) : null;
        }
        if ("POST".equals(request.getMethod()) && LOGIN_PATH.equals(request.getRequestURI())) {
            String token = request.getParameter("token");
            return token == null || token.isBlank() ? null : new Credential(token.trim(), Source.LOGIN_FORM);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (HttpApi.SESSION_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    try {
                        return new Credential(new String(Base64.getUrlDecoder().decode(cookie.getValue()),
                                StandardCharsets.UTF_8), Source.COOKIE);
                    } catch (IllegalArgumentException notBase64) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Why a request must be refused as possibly forged, or null: a cookie-borne request other than
     * the console's session read must carry the CSRF header; a login form must come from this
     * origin (else another site could log a browser in under its own token).
     */
    String forgery(HttpServletRequest request, Credential credential) {
        if (credential.source() == Source.LOGIN_FORM) {
            String origin = request.getHeader("Origin");
            String host = request.getHeader("Host");
            boolean same = origin == null || host != null && (origin.equals("http://" + host)
                    || origin.equals("https://" + host));
            return same ? null : "login form posted from another origin " + origin;
        }
        if (credential.source() != Source.COOKIE
                || HttpApi.isReading(request.getMethod()) && SESSION_PATH.equals(request.getRequestURI())) {
            return null;
        }
        String sent = request.getHeader(HttpApi.CSRF_HEADER);
        if (sent == null) {
            return "session cookie without the " + HttpApi.CSRF_HEADER + " header";
        }
        boolean matches = MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                csrf(credential.token()).getBytes(StandardCharsets.UTF_8));
        return matches ? null : "session cookie with a wrong " + HttpApi.CSRF_HEADER + " header";
    }

    /** The CSRF token of {@code token}. */
    String csrf(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException missing) {
            // every JDK has HmacSHA256; without it no session could be checked, so none is accepted
            throw new IllegalStateException("HmacSHA256 is not available", missing);
        }
    }
}
