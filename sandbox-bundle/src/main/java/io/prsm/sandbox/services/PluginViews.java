package io.prsm.sandbox.services;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import io.prsm.api.ServiceProperties;
import io.prsm.sandbox.resolve.PluginIdentity;

/**
 * What each bundle is to the service layer, computed once per bundle and kept until the bundle
 * is resolved again, updated or uninstalled, so a service lookup costs a map read.
 *
 * <p>Concurrent semantics: thread-safe; a concurrent map, invalidated by a synchronous listener.
 */
public final class PluginViews implements SynchronousBundleListener {

    private final ConcurrentMap<Long, Optional<PluginView>> views = new ConcurrentHashMap<>();

    /** The plugin {@code bundle} is, or empty for infrastructure (and for the system bundle). */
    public Optional<PluginView> of(Bundle bundle) {
        if (bundle == null || bundle.getBundleId() == 0) {
            return Optional.empty();
        }
        return views.computeIfAbsent(bundle.getBundleId(), id -> compute(bundle));
    }

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

    private static Optional<PluginView> compute(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return Optional.empty();
        }
        return PluginIdentity.of(revision).flatMap(identity -> identity.level()
                .map(level -> new PluginView(identity.pluginId(), bundle.getBundleId(), level, granted(bundle))));
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
