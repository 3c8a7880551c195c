package io.prsm.sandbox.classify;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;

import io.prsm.api.SecurityLevel;
import io.prsm.platform.PlatformBundles;
import io.prsm.sandbox.policy.Decision;
import io.prsm.sandbox.policy.PolicyHolder;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * The one place that decides what a bundle is: {@link Classification#PLATFORM} (no
 * {@code prsm.plugin} capability), a {@link Classification#TRUSTED_PLUGIN trusted plugin} (declares
 * {@code trusted} and the policy trusts its id, and its signer where the policy names one),
 * {@link Classification#SANDBOX}, {@link Classification#ISOLATED}, or
 * {@link Classification#UNKNOWN} for everything else. Every hook of the gatekeeper asks it, so the
 * exemptions live here and nowhere else.
 *
 * <p>An answer is cached per bundle revision and policy revision: asking again costs a map read
 * and two comparisons, so a check on a hot path (a service lookup, a class definition, a JDK sink)
 * may ask on every call. An answer about a revision that is not the bundle's current one is worked
 * out again each time; entries go when a bundle is updated or uninstalled (this is a synchronous
 * bundle listener).
 *
 * <p>Concurrent semantics: thread-safe and lock-free; two threads may work out one answer at
 * once and agree.
 */
public final class BundleClassifier implements SynchronousBundleListener {

    private final PolicyHolder policy;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    /** One answer and what it was worked out from. */
    private record Cached(BundleRevision revision, long policyRevision, Classification classification,
            PluginIdentity identity) {
    }

    public BundleClassifier(PolicyHolder policy) {
        this.policy = policy;
    }

    /** What {@code bundle} is now; {@link Classification#UNKNOWN} for null or a bundle without a revision. */
    public Classification classify(Bundle bundle) {
        if (bundle == null) {
            return Classification.UNKNOWN;
        }
        if (bundle.getBundleId() == 0) {
            return Classification.PLATFORM;
        }
        BundleRevision revision;
        try {
            revision = bundle.adapt(BundleRevision.class);
        } catch (RuntimeException gone) {
            return Classification.UNKNOWN;
        }
        return revision == null ? Classification.UNKNOWN : classify(revision);
    }

    /** What the bundle of {@code revision} is in that revision. */
    public Classification classify(BundleRevision revision) {
        return lookup(revision).classification();
    }

    /** The plugin {@code revision} declares (id and declared level), or empty for the platform. */
    public Optional<PluginIdentity> identity(BundleRevision revision) {
        return Optional.ofNullable(lookup(revision).identity());
    }

    /** The plugin {@code bundle} declares, or empty for the platform and for a bundle without a revision. */
    public Optional<PluginIdentity> identity(Bundle bundle) {
        BundleRevision revision = bundle == null ? null : bundle.adapt(BundleRevision.class);
        return revision == null ? Optional.empty() : identity(revision);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.UPDATED, BundleEvent.UNINSTALLED, BundleEvent.UNRESOLVED ->
                cache.remove(event.getBundle().getBundleId());
            default -> {
                // the revision did not change
            }
        }
    }

    private Cached lookup(BundleRevision revision) {
        Bundle bundle = revision.getBundle();
        long policyRevision = policy.current().revision();
        if (bundle == null) {
            return judge(revision, policyRevision);
        }
        Cached known = cache.get(bundle.getBundleId());
        if (known != null && known.revision() == revision && known.policyRevision() == policyRevision) {
            return known;
        }
        Cached judged = judge(revision, policyRevision);
        BundleRevision current = bundle.adapt(BundleRevision.class);
        if (current == revision) {
            cache.put(bundle.getBundleId(), judged);
        }
        return judged;
    }

    private Cached judge(BundleRevision revision, long policyRevision) {
        Bundle bundle = revision.getBundle();
        if (bundle != null && bundle.getBundleId() == 0) {
            return new Cached(revision, policyRevision, Classification.PLATFORM, null);
        }
        Optional<PluginIdentity> declared;
        try {
            if (!PlatformBundles.declaresPlugin(revision)) {
                return new Cached(revision, policyRevision, Classification.PLATFORM, null);
            }
            declared = PluginIdentity.of(revision);
        } catch (RuntimeException unreadable) {
            return new Cached(revision, policyRevision, Classification.UNKNOWN,
                    new PluginIdentity(String.valueOf(revision.getSymbolicName()), Optional.empty()));
        }
        PluginIdentity identity = declared.orElseThrow();
        Classification classification = identity.level().map(level -> switch (level) {
            case SANDBOX -> Classification.SANDBOX;
            case ISOLATED -> Classification.ISOLATED;
            case TRUSTED -> trust(identity, bundle).allowed() ? Classification.TRUSTED_PLUGIN : Classification.UNKNOWN;
        }).orElse(Classification.UNKNOWN);
        return new Cached(revision, policyRevision, classification, identity);
    }

    /** Whether the policy in force trusts the plugin {@code identity} declares, as {@code bundle} is signed. */
    public Decision trust(PluginIdentity identity, Bundle bundle) {
        if (identity.level().orElse(null) != SecurityLevel.TRUSTED) {
            return Decision.deny("plugin " + identity.pluginId() + " does not declare the trusted level");
        }
        return policy.current().policy().trust(identity.pluginId(), PlatformBundles.signers(bundle));
    }

}
