package io.prsm.runtime.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the gatekeeper's audit log for {@code GET /api/v1/runtime/audit}: every entry, in time
 * order, then the page an {@link AuditQuery} asks for.
 *
 * <p>Concurrent semantics: stateless apart from the log it reads; safe for concurrent requests.
 */
final class AuditLogPages {

    private final Path auditLog;
    private final ObjectMapper json;

    AuditLogPages(Path auditLog, ObjectMapper json) {
        this.auditLog = auditLog;
        this.json = json;
    }

    /** The page of the audit log {@code query} asks for, oldest first. */
    List<Map<?, ?>> page(AuditQuery query) throws ApiError, IOException {
        if (!Files.exists(auditLog)) {
            throw new ApiError(404, "There is no audit log at " + auditLog + ": the gatekeeper is not running.");
        }
        List<Map<?, ?>> entries = new ArrayList<>();
        for (String line : Files.readAllLines(auditLog)) {
            if (!line.isBlank()) {
                entries.add(json.readValue(line, Map.class));
            }
        }
        // in time order even for a log written before folds were flushed at the end of their window, when
        // a fold's count was stamped with an earlier time than the lines before it (the sort is stable, so
        // entries of the same instant keep the file's order)
        entries.sort(java.util.Comparator.comparing(AuditLogPages::timeOf,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        return query.page(entries);
    }

    /** When an audit entry was written, or null for a line without a readable time (it keeps its place). */
    private static java.time.Instant timeOf(Map<?, ?> entry) {
        try {
            return entry.get("time") == null ? null : java.time.Instant.parse(String.valueOf(entry.get("time")));
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }
}
