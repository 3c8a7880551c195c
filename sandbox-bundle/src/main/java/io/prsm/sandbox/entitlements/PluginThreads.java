package io.prsm.sandbox.entitlements;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;
import io.prsm.bridge.EntitlementDeniedException;
import io.prsm.platform.CodeStops;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.PolicyHolder;

/**
 * The threads untrusted plugins run, for the {@link EntitlementGuard}: how many each may run at
 * once ({@link ThreadLimit}: what it declares, the operator's default, the policy's cap), the
 * refusal of a start past it (audited once per plugin and limit), and stopping a stopped plugin's
 * threads.
 *
 * <p>Concurrent semantics: thread-safe; the starters are the guard's, the policy is read once per call.
 */
final class PluginThreads {

    private final ThreadStarters starters;
    private final int operatorDefault;
    private final PolicyHolder policy;
    private final AuditSink audit;
    private final Set<String> audited = ConcurrentHashMap.newKeySet();

    /** @param operatorDefault how many threads one untrusted plugin may run at once when it declares no limit */
    PluginThreads(ThreadStarters starters, int operatorDefault, PolicyHolder policy, AuditSink audit) {
        this.starters = starters;
        this.operatorDefault = operatorDefault;
        this.policy = policy;
        this.audit = audit;
    }

    int operatorDefault() {
        return operatorDefault;
    }

    ThreadLimit limitOf(Bundle bundle, Classification classification) {
        SecurityLevel level = classification == Classification.SANDBOX ? SecurityLevel.SANDBOX : SecurityLevel.ISOLATED;
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        // a bundle without a revision (gone) declares nothing it could be trusted with
        Integer declared = revision == null ? Integer.valueOf(-1) : DeclaredEntitlements.maxThreads(revision);
        return ThreadLimit.of(declared, operatorDefault, level, policy.current().policy().containment().threadCap(level));
    }

    /** Interrupts and stops the threads {@code bundle} started; audited once per thread. */
    void stop(Bundle bundle, String pluginId) {
        for (Thread thread : starters.running(bundle)) {
            CodeStops.raise(thread, "Plugin '" + pluginId + "' stopped; the threads it started are stopped with it.");
            thread.interrupt();
            audit.record(AuditEvent.denied(pluginId, bundle.getBundleId(), "containment", "run thread " + thread.getName(),
                    "the plugin stopped, so its thread is stopped"));
        }
    }

    /** Refuses a thread start past the plugin's limit (in mode audit: records it and lets it start). */
    void limit(StackAttribution.Actor actor, String pluginId, boolean auditOnly) {
        Bundle bundle = actor.bundle();
        int running = starters.running(bundle).size();
        ThreadLimit limit = limitOf(bundle, actor.level());
        if (running < limit.limit()) {
            return;
        }
        String remedy = "let it end some of its " + running + " threads first; this plugin may run "
                + limit.limit() + " (" + limit.why() + ")";
        String key = "threads\n" + pluginId + "\n" + limit.limit();
        if (auditOnly) {
            if (audited.add(key)) {
                audit.record(AuditEvent.granted(pluginId, bundle.getBundleId(), "containment", "start thread",
                        "mode audit: enforce would refuse this; " + remedy));
            }
            return;
        }
        if (audited.add(key)) {
            audit.record(AuditEvent.denied(pluginId, bundle.getBundleId(), "containment", "start thread",
                    "thread limit reached; " + remedy));
        }
        throw new EntitlementDeniedException(pluginId, "start", "thread number " + (running + 1), remedy);
    }
}
