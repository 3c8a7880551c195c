package io.prsm.sandbox.audit;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * {@code prsm:audit [N]}: the last entries of the audit log, oldest first, one per line.
 *
 * <p>Concurrent semantics: thread-safe; the log serializes reads.
 */
public final class AuditCommand {

    private static final int DEFAULT_ENTRIES = 20;

    private final FileAuditLog log;

    public AuditCommand(FileAuditLog log) {
        this.log = log;
    }

    @Descriptor("Show the last 20 gatekeeper decisions (grants and denials) from the audit log")
    public String audit(@Descriptor("print a JSON array of the entries, as the log file holds them")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws IOException {
        return audit(json, DEFAULT_ENTRIES);
    }

    @Descriptor("Show the last N gatekeeper decisions (grants and denials) from the audit log")
    public String audit(@Descriptor("print a JSON array of the entries, as the log file holds them")
            @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("how many entries, newest last") int entries) throws IOException {
        if (entries < 1) {
            throw new IllegalArgumentException("Give a number of entries of at least 1, not " + entries + ".");
        }
        List<AuditEvent> events = log.tail(entries);
        if (json) {
            return events.stream().map(log::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (events.isEmpty()) {
            return "The audit log is empty: no plugin has asked the gatekeeper for anything yet.";
        }
        return events.stream().map(AuditCommand::line).collect(Collectors.joining("\n"));
    }

    private static String line(AuditEvent e) {
        return e.time() + "  " + (e.allowed() ? "GRANT" : "DENY ") + "  " + e.layer() + "  " + e.plugin()
                + (e.bundle() >= 0 ? " [" + e.bundle() + "]" : "") + "  " + e.request() + "  " + e.reason()
                + (e.repeated() > 1 ? "  (" + e.repeated() + " times)" : "");
    }
}
