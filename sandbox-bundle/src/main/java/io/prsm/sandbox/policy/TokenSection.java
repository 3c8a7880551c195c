package io.prsm.sandbox.policy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.limits.Quote;

/**
 * Reads the {@code tokens} section of {@code policy.json}: the callers of the HTTP API, each with
 * its token (better its SHA-256 digest), the permissions it carries and when it expires.
 *
 * <pre>
 * "tokens": {
 *   "dashboard-reader": { "sha256": "9f86d0...", "permissions": ["analytics_read"], "expires": "2027-01-31T00:00:00Z" }
 * }
 * </pre>
 *
 * Every problem names where it is and what to write instead; a token given twice is one.
 *
 * <p>Concurrent semantics: stateless.
 */
final class TokenSection {

    private static final List<String> TOKEN_FIELDS = List.of("sha256", "token", "permissions", "expires");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int SHORTEST_TOKEN = 16;

    private TokenSection() {
    }

    static List<ApiToken> parse(JsonNode node, List<String> problems) {
        List<ApiToken> tokens = new ArrayList<>();
        // by digest, so finding a token given twice takes one lookup, not a pass over the others
        Map<String, String> byDigest = new java.util.HashMap<>();
        if (!node.isObject()) {
            problems.add("\"tokens\" must be an object from a caller's name to {\"sha256\": \"<hex digest of the token>\", "
                    + "\"permissions\": [...]}");
            return tokens;
        }
        node.fields().forEachRemaining(entry -> {
            String where = "tokens." + Quote.prefix(entry.getKey());
            JsonNode token = entry.getValue();
            if (!token.isObject()) {
                problems.add("\"" + where + "\" must be an object with \"sha256\" (or \"token\") and \"permissions\"");
                return;
            }
            for (Iterator<String> keys = token.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!TOKEN_FIELDS.contains(key)) {
                    // a misspelt "expires" must not leave a token valid for ever
                    problems.add("Unknown field \"" + where + "." + Quote.prefix(key) + "\"; a token has " + TOKEN_FIELDS);
                }
            }
            String digest;
            if (token.hasNonNull("sha256")) {
                digest = token.get("sha256").asText().trim().toLowerCase(java.util.Locale.ROOT);
                if (!SHA256.matcher(digest).matches()) {
                    problems.add("\"" + where + ".sha256\" must be 64 hex digits, as printed by "
                            + "printf %s TOKEN | sha256sum");
                    return;
                }
            } else if (token.hasNonNull("token")) {
                String plain = token.get("token").asText();
                if (plain.length() < SHORTEST_TOKEN) {
                    problems.add("\"" + where + ".token\" is shorter than " + SHORTEST_TOKEN + " characters; use a "
                            + "random one, for example from openssl rand -hex 24");
                    return;
                }
                digest = ApiToken.digest(plain);
            } else {
                problems.add("\"" + where + "\" needs \"sha256\" (the token's digest) or \"token\"");
                return;
            }
            Set<String> permissions = PolicyParser.names(token.get("permissions"), where + ".permissions", PolicyParser.NAME, problems);
            Instant expires = null;
            if (token.hasNonNull("expires")) {
                try {
                    expires = Instant.parse(token.get("expires").asText().trim());
                } catch (DateTimeParseException malformed) {
                    problems.add("\"" + where + ".expires\" must be a UTC time such as 2027-01-31T00:00:00Z, not \""
                            + Quote.prefix(token.get("expires").asText()) + "\"");
                    return;
                }
            }
            String other = byDigest.putIfAbsent(digest, entry.getKey());
            if (other != null) {
                problems.add("\"" + where + "\" is the same token as \"tokens." + Quote.prefix(other) + "\"; "
                        + "give every caller its own");
            }
            tokens.add(new ApiToken(entry.getKey(), digest, permissions, expires));
        });
        return tokens;
    }
}
