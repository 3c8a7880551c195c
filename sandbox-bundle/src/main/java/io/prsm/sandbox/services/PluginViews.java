package io.prsm.sandbox.services;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.prsm.api.ServiceProperties;
import io.prsm.sandbox.classify.BundleClassifier;
import io.prsm.sandbox.classify.Classification;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * What each bundle is to the service layer, computed once per bundle and kept until the bundle
 * is resolved again, updated or uninstalled, so a service lookup costs a map read.
 *
 * <p>Concurrent semantics: thread-safe; a concurrent map, invalidated by a synchronous listener.
 */
public final class PluginViews implements SynchronousBundleListener {

    private final ConcurrentMap<Long, Optional<PluginView>> views = new ConcurrentHashMap<>();
    private final BundleClassifier classifier;

    public PluginViews(BundleClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * The plugin {@code bundle} is, or empty for the platform. A plugin the classifier cannot place
     * (unknown level, trusted without the policy's trust) is seen with isolated's rules, never
     * with the platform's; a bundle that is gone (null) likewise.
     */
    public Optional<PluginView> of(Bundle bundle) {
        if (bundle == null) {
            return Optional.of(UNKNOWN);
        }
        if (bundle.getBundleId() == 0) {
            return Optional.empty();
        }
        return views.computeIfAbsent(bundle.getBundleId(), id -> compute(bundle));
    }

    /** What a service registered by a bundle that is gone is, and what a bundle that is gone may see. */
    private static final PluginView UNKNOWN = new PluginView("(unknown bundle)", -1, io.prsm.api.SecurityLevel.ISOLATED,
            Classification.UNKNOWN, java.util.Set.of());

    @Override
    public void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.RESOLVED, BundleEvent.UNRESOLVED, BundleEvent.UPDATED, BundleEvent.UNINSTALLED ->
                views.remove(event.getBundle().getBundleId());
            default -> {
                // the wiring did not change
            }
        }
    }

    private Optional<PluginView> compute(Bundle bundle) {
        Classification classification = classifier.classify(bundle);
        if (classification == Classification.PLATFORM) {
            return Optional.empty();
        }
        String pluginId = classifier.identity(bundle).map(PluginIdentity::pluginId)
                .orElseGet(() -> String.valueOf(bundle.getSymbolicName()));
        return Optional.of(new PluginView(pluginId, bundle.getBundleId(), classification.rulesLevel().orElseThrow(),
                classification, classification == Classification.UNKNOWN ? Set.of() : granted(bundle)));
    }

    private static Set<String> granted(Bundle bundle) {
        Set<String> granted = new LinkedHashSet<>();
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(ServiceProperties.PERMISSION)) {
                Object name = wire.getCapability().getAttributes().get(ServiceProperties.PERMISSION);
                if (name != null) {
                    granted.add(name.toString());
                }
            }
        }
        return granted;
    }
}
