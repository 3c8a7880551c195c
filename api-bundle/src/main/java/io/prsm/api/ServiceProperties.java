package io.prsm.api;

/**
 * Service properties the gatekeeper reads to decide which untrusted plugins see a service. A
 * service registered by infrastructure or a trusted plugin without either property is invisible
 * to sandbox and isolated plugins.
 */
public final class ServiceProperties {

    /** A plugin sees the service only when it holds the permission named by this property. */
    public static final String PERMISSION = "prsm.permission";

    /** {@code true}: every plugin sees the service (for example its own {@link PluginStorage}). */
    public static final String OFFERED_TO_PLUGINS = "prsm.offered";

    private ServiceProperties() {
    }
}
