package io.prsm.sandbox.audit;

import java.time.Instant;

/**
 * One decision of the gatekeeper.
 *
 * @param time when it was decided (for a folded line: the last time)
 * @param plugin the plugin id, or the bundle's symbolic name when it is no plugin
 * @param bundle the bundle id, or -1 before install
 * @param layer which layer decided: {@code resolve}, {@code bytecode}, {@code service},
 *        {@code event}, {@code http} or {@code policy}
 * @param request what was asked, for example {@code wire org.osgi.service.cm}
 * @param allowed whether it was granted
 * @param reason why, with what to change for a denial
 * @param repeated how many identical decisions this line stands for (1 for one)
 */
public record AuditEvent(Instant time, String plugin, long bundle, String layer, String request, boolean allowed,
        String reason, long repeated) {

    public static AuditEvent denied(String plugin, long bundle, String layer, String request, String reason) {
        return new AuditEvent(Instant.now(), plugin, bundle, layer, request, false, reason, 1);
    }

    public static AuditEvent granted(String plugin, long bundle, String layer, String request, String reason) {
        return new AuditEvent(Instant.now(), plugin, bundle, layer, request, true, reason, 1);
    }

    /** What makes two events the same decision, whatever their time. */
    Object identity() {
        return java.util.List.of(plugin, bundle, layer, request, allowed, reason);
    }

    AuditEvent at(Instant when, long times) {
        return new AuditEvent(when, plugin, bundle, layer, request, allowed, reason, times);
    }
}
