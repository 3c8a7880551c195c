package io.prsm.runtime.embed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

/**
 * The API packages ({@code io.prsm.api.*}) exported by the system bundle instead of by the API
 * bundle, so that the embedding application and the plugins load them from one class loader and
 * the application can call the runtime's services with the same types plugins see.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ApiPackages {

    static final String API_BUNDLE = "io.prsm.api";
    private static final String PROBE = "io.prsm.api.runtime.PluginManager";

    private ApiPackages() {
    }

    /**
     * The {@code Export-Package} clauses of the distribution's API bundle, or empty when the
     * distribution has none (a baseline without PRSM's bundles).
     *
     * @throws IOException if the API bundle is unreadable or the API is not on the host's class path
     */
    static Optional<String> exportedBy(Distribution distribution) throws IOException {
        Optional<DistributionBundle> api = distribution.bundles().stream()
                .filter(bundle -> bundle.symbolicName().equals(API_BUNDLE)).findFirst();
        if (api.isEmpty()) {
            return Optional.empty();
        }
        String exports;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(api.get().content()))) {
            Manifest manifest = jar.getManifest();
            exports = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
        if (exports == null || exports.isBlank()) {
            throw new IOException(api.get().fileName() + " in the distribution exports no packages; rebuild it");
        }
        try {
            Class.forName(PROBE, false, ApiPackages.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IOException("The PRSM API (io.prsm.api) is not on the class path of the application; add "
                    + "io.prsm:api-bundle, or run from prsm.jar, which carries it");
        }
        return Optional.of(exports);
    }
}
