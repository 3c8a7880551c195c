package io.prsm.marketplace;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.platform.AuditTrail;
import io.prsm.platform.PlatformBundles;

/**
 * The marketplace's way into the gatekeeper's audit log (layer {@code marketplace}): a tracker of
 * the {@link AuditTrail} the platform offers; one a plugin registers is ignored. Without a
 * gatekeeper a refusal is logged only.
 *
 * <p>Concurrent semantics: thread-safe; the tracker is.
 */
final class MarketAudit {

    private static final Logger LOG = LoggerFactory.getLogger(MarketAudit.class);
    private static final String LAYER = "marketplace";

    private final ServiceTracker<AuditTrail, AuditTrail> trails;

    MarketAudit(BundleContext context) {
        this.trails = new ServiceTracker<>(context, AuditTrail.class, null) {
            @Override
            public AuditTrail addingService(ServiceReference<AuditTrail> reference) {
                return PlatformBundles.registeredByPlatform(reference) ? super.addingService(reference) : null;
            }
        };
    }

    void open() {
        trails.open();
    }

    void close() {
        trails.close();
    }

    /** Writes a refusal: {@code who} is the plugin id (or library), {@code request} the act and its target. */
    void denied(String who, String request, String reason) {
        AuditTrail trail = trails.getService();
        if (trail != null) {
            trail.denied(who, -1, LAYER, request, reason);
        } else {
            LOG.warn("Refused {} of '{}' (no audit log is running): {}", request, who, reason);
        }
    }

    /** Writes an operator's act that was done. */
    void granted(String who, String request, String reason) {
        AuditTrail trail = trails.getService();
        if (trail != null) {
            trail.granted(who, -1, LAYER, request, reason);
        }
    }
}
