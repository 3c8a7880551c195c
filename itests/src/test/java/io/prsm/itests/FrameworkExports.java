package io.prsm.itests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarInputStream;

import org.osgi.framework.launch.FrameworkFactory;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Domain;
import aQute.bnd.osgi.Processor;
import aQute.bnd.version.Version;

import io.prsm.runtime.embed.DistributionBundle;

/**
 * The packages the framework on the class path exports from its system bundle, read from its own
 * manifest. A host installs only the API bundles its framework does not already provide: Equinox
 * exports the OSGi Log Service 1.5 itself, and a second, older {@code org.osgi.service.log} next to
 * it would split the class space between the bundles that log and Equinox's log service
 * ({@link ClassSpaceIT} checks that none is split).
 *
 * <p>Concurrent semantics: immutable.
 */
final class FrameworkExports {

    private final Parameters exports;

    private FrameworkExports(Parameters exports) {
        this.exports = exports;
    }

    /** The exports of the one framework Pax Exam will start: the first {@link FrameworkFactory} on the class path. */
    static FrameworkExports ofClassPathFramework() throws IOException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        try {
            Path jar = Path.of(factory.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
            return new FrameworkExports(Domain.domain(jar.toFile()).getExportPackage());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot locate the jar of " + factory.getClass().getName(), e);
        }
    }

    /** Whether the framework exports every package the bundle exports, at the same major version and no lower. */
    boolean provides(DistributionBundle bundle) throws IOException {
        Parameters bundleExports;
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bundle.content()))) {
            bundleExports = Domain.domain(jar).getExportPackage();
        }
        if (bundleExports.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, Attrs> export : bundleExports.entrySet()) {
            Attrs own = exports.get(Processor.removeDuplicateMarker(export.getKey()));
            if (own == null) {
                return false;
            }
            Version wanted = versionOf(export.getValue());
            Version offered = versionOf(own);
            if (offered.getMajor() != wanted.getMajor() || offered.compareTo(wanted) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Version versionOf(Attrs attributes) {
        String version = attributes.getVersion();
        return version == null ? Version.emptyVersion : Version.parseVersion(version);
    }
}
