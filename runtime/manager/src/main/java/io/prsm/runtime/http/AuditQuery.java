package io.prsm.runtime.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.prsm.limits.Quote;

/**
 * A filter and page over the audit log, from the query of {@code GET /api/v1/runtime/audit}:
 * {@code plugin} (plugin id), {@code decision} ({@code grant} or {@code deny}, as the log writes it), {@code layer}
 * (such as {@code http}, {@code resolve}, {@code entitlement}), {@code entries} (page size) and
 * {@code offset} (how many of the newest matching entries to skip). Without filters and offset it
 * answers what {@code prsm:audit N} shows.
 *
 * <p>Concurrent semantics: immutable.
 */
record AuditQuery(String plugin, String decision, String layer, int entries, int offset) {

    /** As prsm:audit in the shell (the gatekeeper's AuditCommand): one default for both front ends. */
    static final int DEFAULT_ENTRIES = 20;
    static final int MAX_ENTRIES = 10_000;

    /** The query of a request, or the error that says which parameter was wrong. */
    static AuditQuery of(Function<String, String> query) throws ApiError {
        String decision = blankToNull(query.apply("decision"));
        if (decision != null && !decision.equals("grant") && !decision.equals("deny")) {
            throw new ApiError(400, "decision must be grant or deny, not '" + Quote.prefix(decision) + "'.");
        }
        return new AuditQuery(blankToNull(query.apply("plugin")), decision, blankToNull(query.apply("layer")),
                number(query.apply("entries"), "entries", 1, MAX_ENTRIES, DEFAULT_ENTRIES),
                number(query.apply("offset"), "offset", 0, Integer.MAX_VALUE, 0));
    }

    /** The matching entries of {@code log} (oldest first), the page asked for, oldest first. */
    List<Map<?, ?>> page(List<Map<?, ?>> log) {
        List<Map<?, ?>> matching = new ArrayList<>();
        for (Map<?, ?> entry : log) {
            if ((plugin == null || plugin.equals(String.valueOf(entry.get("plugin"))))
                    && (decision == null || decision.equals(String.valueOf(entry.get("decision"))))
                    && (layer == null || layer.equals(String.valueOf(entry.get("layer"))))) {
                matching.add(entry);
            }
        }
        int end = Math.max(0, matching.size() - offset);
        return matching.subList(Math.max(0, end - entries), end);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int number(String value, String name, int min, int max, int fallback) throws ApiError {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new ApiError(400, name + " must be a number from " + min + " to " + max + ", not '"
                    + Quote.prefix(value) + "'.");
        }
        return Integer.parseInt(value);
    }
}
