package io.prsm.sandbox.services;

import io.prsm.api.SecurityLevel;
import io.prsm.api.ServiceProperties;
import io.prsm.sandbox.policy.Decision;

/**
 * Whether a plugin may see a service. Trusted plugins and infrastructure see everything; an
 * untrusted plugin sees its own services, services offered to every plugin, services whose
 * required permission it holds, and (at the sandbox level only) services of other untrusted
 * plugins. Everything else is hidden.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class ServiceVisibility {

    private ServiceVisibility() {
    }

    /**
     * @param viewer the plugin looking, or null for infrastructure
     * @param owner the plugin that registered the service, or null for infrastructure
     * @param permission the service's {@code prsm.permission} property, or null
     * @param offered whether the service is offered to every plugin
     */
    /**
     * Whether {@code viewer} may see the service, without the reason: the find hook asks this for
     * every service of every lookup, and building the reason's text cost more than the lookup.
     */
    public static boolean allows(PluginView viewer, PluginView owner, Object permission, Object offered) {
        if (viewer == null || viewer.level() == SecurityLevel.TRUSTED) {
            return true;
        }
        if (owner != null && owner.bundleId() == viewer.bundleId()) {
            return true;
        }
        if (Boolean.TRUE.equals(offered) || "true".equals(offered)) {
            return true;
        }
        if (permission != null) {
            return viewer.granted().contains(String.valueOf(permission));
        }
        return owner != null && owner.level() != SecurityLevel.TRUSTED && viewer.level() == SecurityLevel.SANDBOX;
    }

    /** Whether {@code viewer} may see the service, and why; agrees with {@link #allows}. */
    public static Decision decide(PluginView viewer, PluginView owner, Object permission, Object offered) {
        if (viewer == null || viewer.level() == SecurityLevel.TRUSTED) {
            return Decision.allow("infrastructure and trusted plugins see every service");
        }
        if (owner != null && owner.bundleId() == viewer.bundleId()) {
            return Decision.allow("a plugin sees its own services");
        }
        if (Boolean.TRUE.equals(offered) || "true".equals(offered)) {
            return Decision.allow("the service is offered to every plugin");
        }
        if (permission != null) {
            return viewer.granted().contains(String.valueOf(permission))
                    ? Decision.allow("the plugin holds " + permission)
                    : Decision.deny("the service needs permission " + permission + ", which plugin " + viewer.pluginId()
                            + " does not hold; grant it in policy.json");
        }
        if (owner != null && owner.level() != SecurityLevel.TRUSTED) {
            return viewer.level() == SecurityLevel.SANDBOX
                    ? Decision.allow("sandbox plugins see other untrusted plugins' services")
                    : Decision.deny("isolated plugins see no other plugin's services");
        }
        return Decision.deny("services of the platform and of trusted plugins are hidden from "
                + viewer.level().id() + " plugins unless they carry " + ServiceProperties.PERMISSION + " or "
                + ServiceProperties.OFFERED_TO_PLUGINS);
    }
}
