package io.prsm.runtime.embed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
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
     * @throws IOException if the API bundle is unreadable, or the API is not on the host's class
     *         path, or it is another build's API
     */
    static Optional<String> exportedBy(Distribution distribution) throws IOException {
        Optional<DistributionBundle> api = distribution.bundles().stream()
                .filter(bundle -> bundle.symbolicName().equals(API_BUNDLE)).findFirst();
        if (api.isEmpty()) {
            return Optional.empty();
        }
        Manifest distributed;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(api.get().content()))) {
            distributed = jar.getManifest();
        }
        String exports = distributed == null ? null : distributed.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        if (exports == null || exports.isBlank()) {
            throw new IOException(api.get().fileName() + " in the distribution exports no packages; rebuild it");
        }
        Class<?> probe;
        try {
            probe = Class.forName(PROBE, false, ApiPackages.class.getClassLoader());
        } catch (ClassNotFoundException missing) {
            throw new IOException("The PRSM API (io.prsm.api) is not on the class path of the application; add "
                    + "io.prsm:api-bundle, or run from prsm.jar, which carries it");
        }
        CodeSource source = probe.getProtectionDomain().getCodeSource();
        requireSameApi(distributed, api.get().fileName(), apiBundleManifest(source),
                source == null ? "the class path" : String.valueOf(source.getLocation()));
        return Optional.of(exports);
    }

    /**
     * Refuses an application whose API is another build's: the system bundle exports the packages
     * at the distribution's versions, so plugins resolved against those would meet classes that
     * lack what they were compiled against, and fail later with a {@code NoSuchMethodError}.
     *
     * @param onClassPath the manifest of the API bundle the application loads the API from; empty
     *        when it loads it from something else (prsm.jar, which carries the distribution's own)
     */
    static void requireSameApi(Manifest distributed, String fileName, Optional<Manifest> onClassPath, String origin)
            throws IOException {
        if (onClassPath.isEmpty()) {
            return;
        }
        Attributes theirs = onClassPath.get().getMainAttributes();
        Attributes ours = distributed.getMainAttributes();
        if (!Objects.equals(theirs.getValue(Constants.EXPORT_PACKAGE), ours.getValue(Constants.EXPORT_PACKAGE))) {
            throw new IOException("The PRSM API on the application's class path (" + API_BUNDLE + " "
                    + theirs.getValue(Constants.BUNDLE_VERSION) + " from " + origin + ") is not the API of the "
                    + "distribution (" + fileName + ", " + ours.getValue(Constants.BUNDLE_VERSION) + "): their packages "
                    + "or package versions differ. Put the api-bundle of the same PRSM release as the distribution on "
                    + "the class path.");
        }
    }

    /** The manifest of the API bundle a class was loaded from, if it was loaded from that bundle's jar or folder. */
    static Optional<Manifest> apiBundleManifest(CodeSource source) throws IOException {
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException notAFile) {
            return Optional.empty();
        }
        Manifest manifest = null;
        if (Files.isRegularFile(location)) {
            try (JarFile jar = new JarFile(location.toFile())) {
                manifest = jar.getManifest();
            }
        } else if (Files.isRegularFile(location.resolve(JarFile.MANIFEST_NAME))) {
            try (InputStream in = Files.newInputStream(location.resolve(JarFile.MANIFEST_NAME))) {
                manifest = new Manifest(in);
            }
        }
        if (manifest == null) {
            return Optional.empty();
        }
        String symbolicName = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        return symbolicName != null && symbolicName.split(";", 2)[0].trim().equals(API_BUNDLE) ? Optional.of(manifest)
                : Optional.empty();
    }
}
