package io.prsm.platform;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Whether a bundle is part of the platform: the framework itself, or a bundle that declares no
 * {@code prsm.plugin} capability (the runtime, the gatekeeper, the libraries and services the
 * distribution or the host installed). Everything that declares the capability is a plugin,
 * whatever level it claims; a bundle that cannot be read is not the platform. The gatekeeper's
 * classifier starts from this answer, and the runtime's trackers ask it about the bundle that
 * registered a service before they use it.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class PlatformBundles {

    /** The capability namespace that makes a bundle a plugin. */
    public static final String PLUGIN_NAMESPACE = "prsm.plugin";

    private PlatformBundles() {
    }

    /** Whether {@code revision} declares a plugin. */
    public static boolean declaresPlugin(BundleRevision revision) {
        return !revision.getDeclaredCapabilities(PLUGIN_NAMESPACE).isEmpty();
    }

    /** Whether {@code bundle} is the platform's; false for a plugin, an uninstalled or an unreadable bundle. */
    public static boolean isPlatform(Bundle bundle) {
        if (bundle == null) {
            return false;
        }
        if (bundle.getBundleId() == 0) {
            return true;
        }
        try {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            return revision != null && !declaresPlugin(revision);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The subjects of the certificates that signed {@code bundle}, as the policy's trust names them. */
    public static java.util.Set<String> signers(Bundle bundle) {
        java.util.Set<String> signers = new java.util.TreeSet<>();
        if (bundle != null) {
            bundle.getSignerCertificates(Bundle.SIGNERS_ALL).keySet()
                    .forEach(certificate -> signers.add(certificate.getSubjectX500Principal().getName()));
        }
        return signers;
    }

    /** Whether the service was registered by the platform (false once it is unregistered). */
    public static boolean registeredByPlatform(ServiceReference<?> reference) {
        return reference != null && isPlatform(reference.getBundle());
    }
}
