package io.prsm.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.prsm.api.runtime.HttpApi;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The web console's sessions, kept in memory by the gatekeeper: a login opens one under a random
 * 256-bit id (the only thing the browser's cookie holds; the token stays on the server, as the
 * digest the policy keeps) with its own random CSRF token; it ends at logout, after
 * {@link #IDLE} without a request, {@link #LIFETIME} after the login, or when the gatekeeper
 * stops (a restart logs everyone out). Also what the gatekeeper knows about console paths: which
 * ones anyone may fetch and where a request's credential comes from.
 *
 * <p>Concurrent semantics: thread-safe; sessions live in a concurrent map, each session's last
 * use is volatile.
 */
final class ConsoleSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration LIFETIME = Duration.ofHours(12);
    /** How many unknown session ids are remembered, so each is audited once, not at every poll. */
    private static final int UNKNOWN_REMEMBERED = 256;

    /** Where the credential of a request came from. */
    enum Source {
        HEADER, LOGIN_FORM, COOKIE
    }

    /** A bearer token (header, login form) or a session id (cookie), and where it came from. */
    record Credential(String value, Source source) {
    }

    /** A logged-in console: who, the digest of the token it logged in with, its CSRF token. */
    static final class Session {
        final String id;
        final String caller;
        final String tokenDigest;
        final String csrf;
        final Instant opened;
        private volatile Instant lastUsed;

        Session(String id, String caller, String tokenDigest, String csrf, Instant opened) {
            this.id = id;
            this.caller = caller;
            this.tokenDigest = tokenDigest;
            this.csrf = csrf;
            this.opened = opened;
            this.lastUsed = opened;
        }

        boolean endedAt(Instant now) {
            return !now.isBefore(opened.plus(LIFETIME)) || !now.isBefore(lastUsed.plus(IDLE));
        }
    }

    static final String LOGIN_PATH = HttpApi.CONSOLE_PATH + "/login";
    static final String LOGOUT_PATH = HttpApi.CONSOLE_PATH + "/logout";
    static final String SESSION_PATH = HttpApi.CONSOLE_PATH + "/session";
    private static final String ASSETS = HttpApi.CONSOLE_PATH + "/assets/";
    private static final String BEARER = "Bearer ";

    private final SecureRandom random;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> unknownSeen = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > UNKNOWN_REMEMBERED;
                }
            }));

    ConsoleSessions(SecureRandom random) {
        this.random = random;
    }

    /** Whether anyone may fetch this: the console's shell page, login form and assets, which carry no data. */
    static boolean isOpen(String method, String path) {
        return HttpApi.isReading(method) && (path.equals(HttpApi.CONSOLE_PATH) || path.equals(HttpApi.CONSOLE_PATH + "/")
                || path.equals(HttpApi.CONSOLE_PATH + "/index.html") || path.equals(LOGIN_PATH)
                || path.startsWith(ASSETS) && !path.contains(".."));
    }

    static boolean isConsole(String path) {
        return path.equals(HttpApi.CONSOLE_PATH) || path.startsWith(HttpApi.CONSOLE_PATH + "/");
    }

    static boolean isLoginForm(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && LOGIN_PATH.equals(request.getRequestURI())
                && request.getHeader("Authorization") == null;
    }

    /** The request's credential, or null when it brings none. */
    static Credential credential(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null) {
            return header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? new Credential(header.substring(BEARER.length()).trim(), Source.HEADER) : null;
        }
        if (isLoginForm(request)) {
            String token = request.getParameter("token");
            return token == null || token.isBlank() ? null : new Credential(token.trim(), Source.LOGIN_FORM);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (HttpApi.SESSION_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                    return new Credential(cookie.getValue(), Source.COOKIE);
                }
            }
        }
        return null;
    }

    /** Opens a session for {@code caller}, who logged in with the token of digest {@code tokenDigest}. */
    Session open(String caller, String tokenDigest, Instant now) {
        sessions.values().removeIf(session -> session.endedAt(now));
        Session session = new Session(randomId(), caller, tokenDigest, randomId(), now);
        sessions.put(session.id, session);
        return session;
    }

    /** The live session of {@code id}, marked as used at {@code now}; an ended one is forgotten. */
    Optional<Session> find(String id, Instant now) {
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (session.endedAt(now)) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        session.lastUsed = now;
        return Optional.of(session);
    }

    void close(String id) {
        sessions.remove(id);
    }

    /** Whether {@code id}, an unknown session id, is seen for the first time lately (and so worth an audit entry). */
    boolean firstSightOfUnknown(String id) {
        return unknownSeen.add(id);
    }

    /**
     * Why a request must be refused as possibly forged, or null: a session's request other than
     * its session read must carry the session's CSRF header; a login form must come from this
     * origin (else another site could log a browser in under its own token).
     */
    static String forgery(HttpServletRequest request, Credential credential, Session session) {
        if (credential.source() == Source.LOGIN_FORM) {
            String origin = request.getHeader("Origin");
            String host = request.getHeader("Host");
            boolean same = origin == null || host != null && (origin.equals("http://" + host)
                    || origin.equals("https://" + host));
            return same ? null : "login form posted from another origin " + origin;
        }
        if (session == null || HttpApi.isReading(request.getMethod()) && SESSION_PATH.equals(request.getRequestURI())) {
            return null;
        }
        String sent = request.getHeader(HttpApi.CSRF_HEADER);
        if (sent == null) {
            return "session cookie without the " + HttpApi.CSRF_HEADER + " header";
        }
        boolean matches = MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrf.getBytes(StandardCharsets.UTF_8));
        return matches ? null : "session cookie with a wrong " + HttpApi.CSRF_HEADER + " header";
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
