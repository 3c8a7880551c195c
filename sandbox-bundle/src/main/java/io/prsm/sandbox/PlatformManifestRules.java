package io.prsm.sandbox;

import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.platform.PlatformBundles;
import io.prsm.platform.PluginValidator;
import io.prsm.sandbox.audit.AuditSink;
import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;

/**
 * Tracks the manifest rules ({@link PluginValidator}) the install scan asks: only the platform's
 * plugin manager may offer them, since they decide who else may run; a plugin's offer is never
 * asked, and audited. When the rules come, what is installed is checked again.
 *
 * <p>Concurrent semantics: thread-safe; the rules in force are one atomic reference, and the
 * tracker's callbacks are serialized per service.
 */
final class PlatformManifestRules extends ServiceTracker<PluginValidator, PluginValidator> {

    private final AtomicReference<PluginValidator> inForce = new AtomicReference<>();
    private final BundleClassifier classifier;
    private final AuditSink audit;
    private final Runnable recheck;

    /** @param recheck checks the installed bundles again once the rules are in force */
    PlatformManifestRules(BundleContext context, BundleClassifier classifier, AuditSink audit, Runnable recheck) {
        super(context, PluginValidator.class, null);
        this.classifier = classifier;
        this.audit = audit;
        this.recheck = recheck;
    }

    /** The platform's rules, or null until the plugin manager offers them. */
    PluginValidator inForce() {
        return inForce.get();
    }

    @Override
    public PluginValidator addingService(ServiceReference<PluginValidator> reference) {
        Bundle offeredBy = reference.getBundle();
        if (!PlatformBundles.registeredByPlatform(reference) || classifier.classify(offeredBy) != Classification.PLATFORM) {
            // a plugin's validator would decide who else may run; it is never asked
            audit.record(AuditEvent.denied(offeredBy == null ? "-" : String.valueOf(offeredBy.getSymbolicName()),
                    offeredBy == null ? -1 : offeredBy.getBundleId(), "service",
                    "offer " + PluginValidator.class.getName(), "only the platform's plugin manager offers "
                            + "the manifest rules; this one is ignored"));
            return null;
        }
        PluginValidator rules = super.addingService(reference);
        inForce.set(rules);
        // the plugin manager starts after the gatekeeper but before any plugin: check what is installed
        recheck.run();
        return rules;
    }

    @Override
    public void removedService(ServiceReference<PluginValidator> reference, PluginValidator rules) {
        inForce.compareAndSet(rules, null);
        super.removedService(reference, rules);
    }
}
