package io.prsm.platform;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gatekeeper's audit log, offered to the plugin manager so that the refusals it makes itself
 * (a plugin id that belongs to another bundle, an endpoint on a path that is taken) and the
 * operator's purges are written where every other decision is. Only the platform may offer it;
 * the manager ignores one a plugin registers.
 *
 * <p>Concurrent semantics: thread-safe.
 */
@ProviderType
public interface AuditTrail {

    /** Records that {@code request} of plugin {@code pluginId} (bundle {@code bundleId}, -1 if none) was refused. */
    void denied(String pluginId, long bundleId, String layer, String request, String reason);

    /** Records that {@code request} of plugin {@code pluginId} was allowed, or done by the operator. */
    void granted(String pluginId, long bundleId, String layer, String request, String reason);
}
