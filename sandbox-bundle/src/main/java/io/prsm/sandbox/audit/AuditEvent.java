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

    /** The most of a request a line keeps: a path or a class and member name fit, a plugin's megabyte-long key does not. */
    static final int REQUEST_KEPT = 400;
    /** The most of a reason a line keeps (a remedy with its policy entry fits). */
    static final int REASON_KEPT = 2000;

    public static AuditEvent denied(String plugin, long bundle, String layer, String request, String reason) {
        return new AuditEvent(Instant.now(), plugin, bundle, layer, cut(request, REQUEST_KEPT), false,
                cut(reason, REASON_KEPT), 1);
    }

    public static AuditEvent granted(String plugin, long bundle, String layer, String request, String reason) {
        return new AuditEvent(Instant.now(), plugin, bundle, layer, cut(request, REQUEST_KEPT), true,
                cut(reason, REASON_KEPT), 1);
    }

    /**
     * At most {@code kept} characters of {@code text} and how long it was: what a plugin puts into
     * a request or a reason (a key of its answer, a path, its exception's words) must not let one
     * line take the log's rotation and with it every earlier decision.
     */
    private static String cut(String text, int kept) {
        if (text == null || text.length() <= kept) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(kept - 1)) ? kept - 1 : kept;
        return text.substring(0, end) + "... (" + text.length() + " characters)";
    }

    /** What makes two events the same decision, whatever their time. */
    Object identity() {
        return java.util.List.of(plugin, bundle, layer, request, allowed, reason);
    }

    AuditEvent at(Instant when, long times) {
        return new AuditEvent(when, plugin, bundle, layer, request, allowed, reason, times);
    }
}
