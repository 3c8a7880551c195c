package io.prsm.sandbox.entitlements;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;

import io.prsm.bridge.EntitlementDeniedException;
import io.prsm.limits.Quote;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;

/**
 * What the entitlement checks write about refusals: each once per plugin, operation and target
 * (and per mode), within {@link RefusalBudget}'s limit a minute per plugin, targets and remedies
 * cut short (a target is the plugin's choice); and, in mode audit, what each plugin was let do,
 * for {@code prsm:policy suggest}.
 *
 * <p>Concurrent semantics: thread-safe; at most {@value #REMEMBERED} decisions remembered.
 */
final class RefusalRecords {

    private static final int REMEMBERED = 10_000;
    private static final int TARGET_SHOWN = 400;

    private final AuditSink audit;
    private final Set<String> audited = ConcurrentHashMap.newKeySet();
    private final RefusalBudget budget = new RefusalBudget(System::nanoTime);
    private final Map<String, Set<Act>> used = new ConcurrentHashMap<>();

    RefusalRecords(AuditSink audit) {
        this.audit = audit;
    }

    /**
     * Audits one refusal of {@code act} (or, in mode audit, one act enforce would refuse) and, in
     * mode enforce, throws it.
     */
    void refuse(Bundle bundle, String pluginId, Act act, String remedy, boolean auditOnly) {
        // a target is the plugin's choice: a long one is cut short in the log, as in its answer
        String request = act.operation().id() + " " + Quote.prefix(act.target(), TARGET_SHOWN);
        // once per plugin, operation and target, and per decision: a refusal after a run in mode audit is news
        String key = (auditOnly ? "audit\n" : "deny\n") + pluginId + "\n" + request;
        boolean first = audited.size() < REMEMBERED ? audited.add(key) : !audited.contains(key);
        if (auditOnly) {
            used.computeIfAbsent(pluginId, id -> ConcurrentHashMap.newKeySet()).add(Act.of(act.operation(), act.target()));
            if (first) {
                audit.record(AuditEvent.granted(pluginId, bundle.getBundleId(), "entitlements", request,
                        "mode audit: enforce would refuse this; to allow it, " + Quote.prefix(remedy, 2 * TARGET_SHOWN)));
            }
            return;
        }
        if (first) {
            RefusalBudget.Decision decision = budget.next(pluginId);
            if (decision.foldedBefore() > 0) {
                audit.record(AuditEvent.denied(pluginId, bundle.getBundleId(), "entitlements",
                        "refusals not written one by one", decision.foldedBefore() + " more refusals of other targets "
                                + "in its last minute of over " + RefusalBudget.PER_MINUTE + " were counted, not written"));
            }
            if (decision.write()) {
                audit.record(AuditEvent.denied(pluginId, bundle.getBundleId(), "entitlements", request,
                        "not entitled; to allow it, " + Quote.prefix(remedy, 2 * TARGET_SHOWN)
                                + (decision.lastOneByOne() ? " (its "
                                + RefusalBudget.PER_MINUTE + "th refusal this minute: until the minute ends, further "
                                + "ones are counted, not written)" : "")));
            }
        }
        throw new EntitlementDeniedException(pluginId, act.operation().verb(), act.target(), remedy);
    }

    /** What plugin {@code pluginId} was let do in mode audit that enforce would refuse. */
    Set<Act> used(String pluginId) {
        return Set.copyOf(used.getOrDefault(pluginId, Set.of()));
    }
}
