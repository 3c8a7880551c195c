package io.prsm.sandbox.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * A bearer token the operator issued to an HTTP caller, kept as its SHA-256 digest.
 *
 * @param name who holds it, for the audit log
 * @param sha256 the digest of the token, lower-case hex
 * @param permissions what a request with it may reach
 * @param expires when it stops being accepted, or null for never
 */
public record ApiToken(String name, String sha256, Set<String> permissions, Instant expires) {

    public ApiToken {
        permissions = Set.copyOf(permissions);
    }

    /** Whether the token is no longer accepted at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    /** Whether {@code presented} is this token; compares digests in constant time. */
    public boolean matches(String presented) {
        return matchesDigest(digest(presented));
    }

    /** Whether {@code digest} (of a presented token, lower-case hex) is this token's; in constant time. */
    public boolean matchesDigest(String digest) {
        return MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII));
    }

    /** The lower-case hex SHA-256 of {@code token}, as {@code sha256sum} prints it. */
    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
