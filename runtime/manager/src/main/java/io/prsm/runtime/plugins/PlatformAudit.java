package io.prsm.runtime.plugins;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.platform.AuditTrail;
import io.prsm.platform.PlatformBundles;

/**
 * The runtime's way into the gatekeeper's audit log: a tracker of the {@link AuditTrail} the
 * platform offers (one a plugin registers is ignored). Without a gatekeeper the decision is logged
 * only.
 *
 * <p>Concurrent semantics: thread-safe; the tracker is.
 */
public final class PlatformAudit {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformAudit.class);

    private final ServiceTracker<AuditTrail, AuditTrail> trails;

    public PlatformAudit(BundleContext context) {
        this.trails = new ServiceTracker<>(context, AuditTrail.class, null) {
            @Override
            public AuditTrail addingService(ServiceReference<AuditTrail> reference) {
                return PlatformBundles.registeredByPlatform(reference) ? super.addingService(reference) : null;
            }
        };
    }

    public void open() {
        trails.open();
    }

    public void close() {
        trails.close();
    }

    /** Writes a refusal to the audit log (and the runtime's log). */
    public void denied(String pluginId, long bundleId, String layer, String request, String reason) {
        AuditTrail trail = trails.getService();
        if (trail != null) {
            // the audit log writes its own log line
            trail.denied(pluginId, bundleId, layer, request, reason);
        } else {
            LOG.warn("Refused {} of plugin '{}' (no audit log is running): {}", request, pluginId, reason);
        }
    }

    /** Writes an operator's act, or an allowed request, to the audit log. */
    public void granted(String pluginId, long bundleId, String layer, String request, String reason) {
        AuditTrail trail = trails.getService();
        if (trail != null) {
            trail.granted(pluginId, bundleId, layer, request, reason);
        }
    }
}
