package io.prsm.sandbox.resolve;

import java.util.Collection;

import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.policy.PolicyHolder;

/**
 * Creates one {@link GatekeeperResolverHook} per resolve operation, with the policy snapshot in
 * force when the operation began, so one resolve never mixes two policies.
 *
 * <p>Concurrent semantics: thread-safe; it only reads its collaborators.
 */
public final class GatekeeperResolverHookFactory implements ResolverHookFactory {

    private final PolicyHolder policy;
    private final AuditSink audit;
    private final Refusals refusals;
    private final BundleClassifier classifier;

    public GatekeeperResolverHookFactory(PolicyHolder policy, AuditSink audit, Refusals refusals,
            BundleClassifier classifier) {
        this.policy = policy;
        this.audit = audit;
        this.refusals = refusals;
        this.classifier = classifier;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new GatekeeperResolverHook(policy.current().policy(), audit, refusals, classifier);
    }
}
