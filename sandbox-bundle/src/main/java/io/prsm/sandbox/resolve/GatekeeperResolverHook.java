package io.prsm.sandbox.resolve;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.policy.Decision;
import io.prsm.sandbox.policy.Policy;

/**
 * Decides, for one resolve operation, what each plugin may wire to. Platform bundles (as the
 * {@link BundleClassifier} says) are not touched. No plugin, not even a trusted one, may wire to
 * the platform's internal contract ({@link Policy#NEVER_PLUGINS}). For an untrusted plugin it keeps
 * only the candidates the policy allows: packages of its level's allow-list (never another
 * plugin's), permissions the policy grants, no {@code Require-Bundle} and no fragment host. A
 * plugin that is refused (invalid manifest or claimed identity, forbidden bytecode, or classified
 * unknown: an unknown level, trusted level without the policy's trust, an unreadable capability)
 * loses every candidate, so it cannot resolve and the framework names a missing requirement. Removal happens only in {@link #filterMatches}: Felix 7.0.5 mishandles removals
 * in {@code filterResolvable}.
 *
 * <p>Concurrent semantics: one instance per resolve operation, used by the framework's resolving
 * thread only; the per-revision verdicts it caches die with it.
 */
final class GatekeeperResolverHook implements ResolverHook {

    static final String PERMISSION_NAMESPACE = "prsm.permission";

    private final Policy policy;
    private final AuditSink audit;
    private final Refusals refusals;
    private final BundleClassifier classifier;
    private final Map<BundleRevision, Verdict> verdicts = new HashMap<>();

    /** What the hook concluded about one revision: not a plugin, refused, or a plugin at a level. */
    private record Verdict(PluginIdentity identity, SecurityLevel level, String refusal) {
        static final Verdict INFRASTRUCTURE = new Verdict(null, SecurityLevel.TRUSTED, null);
    }

    GatekeeperResolverHook(Policy policy, AuditSink audit, Refusals refusals, BundleClassifier classifier) {
        this.policy = policy;
        this.audit = audit;
        this.refusals = refusals;
        this.classifier = classifier;
    }

    @Override
    public void filterResolvable(Collection<BundleRevision> candidates) {
        // refusals are enforced in filterMatches (see the class comment)
    }

    @Override
    public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
        // singletons are not a security concern
    }

    @Override
    public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        BundleRevision requirer = requirement.getRevision();
        Verdict verdict = verdict(requirer);
        if (verdict.identity() == null || candidates.isEmpty()) {
            return;
        }
        if (verdict.refusal() != null) {
            candidates.clear();
            return;
        }
        String namespace = requirement.getNamespace();
        if (verdict.level() == SecurityLevel.TRUSTED) {
            if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
                filterPlatformContract(requirer, verdict, candidates);
            }
            return;
        }
        switch (namespace) {
            case PERMISSION_NAMESPACE -> filterPermissions(requirer, verdict, candidates);
            case PackageNamespace.PACKAGE_NAMESPACE -> filterPackages(requirer, verdict, candidates);
            case BundleNamespace.BUNDLE_NAMESPACE, HostNamespace.HOST_NAMESPACE -> {
                deny(requirer, verdict, namespace.equals(HostNamespace.HOST_NAMESPACE) ? "attach as a fragment"
                        : "Require-Bundle", verdict.level().id() + " plugins may not "
                        + (namespace.equals(HostNamespace.HOST_NAMESPACE) ? "attach to another bundle as a fragment"
                                : "use Require-Bundle; import packages instead"));
                candidates.clear();
            }
            default -> {
                // osgi.ee, osgi.extender, osgi.service, prsm.runtime: no security meaning
            }
        }
    }

    @Override
    public void end() {
        verdicts.clear();
    }

    private void filterPermissions(BundleRevision requirer, Verdict verdict, Collection<BundleCapability> candidates) {
        for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
            Object permission = it.next().getAttributes().get(PERMISSION_NAMESPACE);
            Decision decision = policy.grant(verdict.identity().pluginId(), verdict.level(), String.valueOf(permission));
            String request = "permission " + permission;
            if (decision.allowed()) {
                audit.record(AuditEvent.granted(verdict.identity().pluginId(), bundleId(requirer), "resolve", request,
                        decision.reason()));
            } else {
                audit.record(AuditEvent.denied(verdict.identity().pluginId(), bundleId(requirer), "resolve", request,
                        decision.reason()));
                it.remove();
            }
        }
    }

    /** Even a trusted plugin may not wire to the contract between the runtime and the gatekeeper. */
    private void filterPlatformContract(BundleRevision requirer, Verdict verdict,
            Collection<BundleCapability> candidates) {
        for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
            BundleCapability candidate = it.next();
            String packageName = String.valueOf(candidate.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
            Decision decision = policy.wire(verdict.level(), packageName);
            if (!decision.allowed() && !candidate.getRevision().equals(requirer)) {
                deny(requirer, verdict, "wire " + packageName, decision.reason());
                it.remove();
            }
        }
    }

    private void filterPackages(BundleRevision requirer, Verdict verdict, Collection<BundleCapability> candidates) {
        for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
            BundleCapability candidate = it.next();
            String packageName = String.valueOf(candidate.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
            BundleRevision provider = candidate.getRevision();
            if (provider.equals(requirer)) {
                continue; // a plugin may always use its own packages
            }
            Decision decision;
            if (verdict(provider).identity() != null) {
                decision = Decision.deny(packageName + " belongs to another plugin ("
                        + verdict(provider).identity().pluginId() + "); plugins talk through services");
            } else {
                decision = policy.wire(verdict.level(), packageName);
            }
            if (!decision.allowed()) {
                deny(requirer, verdict, "wire " + packageName, decision.reason());
                it.remove();
            }
        }
    }

    private Verdict verdict(BundleRevision revision) {
        return verdicts.computeIfAbsent(revision, this::judge);
    }

    private Verdict judge(BundleRevision revision) {
        Classification classification = classifier.classify(revision);
        if (classification == Classification.PLATFORM) {
            // a bundle that is no plugin, installed while the runtime runs, may still be over a jar limit
            Optional<String> overLimit = refusals.reasonFor(bundleId(revision));
            return overLimit.isEmpty() ? Verdict.INFRASTRUCTURE : refuse(revision, new PluginIdentity(
                    String.valueOf(revision.getSymbolicName()), Optional.empty()), overLimit.get());
        }
        PluginIdentity identity = classifier.identity(revision)
                .orElseGet(() -> new PluginIdentity(String.valueOf(revision.getSymbolicName()), Optional.empty()));
        if (classification == Classification.UNKNOWN) {
            return refuse(revision, identity, unknownReason(revision, identity));
        }
        Optional<String> refused = refusals.reasonFor(bundleId(revision));
        if (refused.isPresent()) {
            return refuse(revision, identity, refused.get());
        }
        return new Verdict(identity, classification.rulesLevel().orElseThrow(), null);
    }

    /** Why the classifier could not place a plugin: what the operator or author must change. */
    private String unknownReason(BundleRevision revision, PluginIdentity identity) {
        if (identity.level().isEmpty()) {
            return "it declares no known security level (trusted, sandbox, isolated)";
        }
        if (identity.level().get() == SecurityLevel.TRUSTED) {
            return classifier.trust(identity, revision.getBundle()).reason();
        }
        return "its prsm.plugin capability cannot be read";
    }

    private Verdict refuse(BundleRevision revision, PluginIdentity identity, String reason) {
        audit.record(AuditEvent.denied(identity.pluginId(), bundleId(revision), "resolve", "resolve", reason));
        return new Verdict(identity, identity.level().orElse(SecurityLevel.ISOLATED), reason);
    }

    private void deny(BundleRevision requirer, Verdict verdict, String request, String reason) {
        audit.record(AuditEvent.denied(verdict.identity().pluginId(), bundleId(requirer), "resolve", request, reason));
    }

    private static long bundleId(BundleRevision revision) {
        Bundle bundle = revision.getBundle();
        return bundle == null ? -1 : bundle.getBundleId();
    }
}
