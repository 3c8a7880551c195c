package io.prsm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.prsm.runtime.embed.Distribution;

/**
 * Finds the runtime the harness boots: the {@code io.prsm:prsm-distribution} artifact (the
 * executable {@code prsm.jar}) of the harness's own version. In this order:
 * <ol>
 * <li>the system property {@value #PROPERTY}: a {@code prsm.jar} or a folder of bundles (the
 * archetype's pom sets it to the artifact Maven resolved);</li>
 * <li>the artifact in the local Maven repository: {@code maven.repo.local} if set, else
 * {@code ~/.m2/repository} (for a test run from an IDE after one Maven build).</li>
 * </ol>
 *
 * <p>Concurrent semantics: stateless.
 */
final class DistributionLocator {

    static final String PROPERTY = "prsm.distribution";
    private static final String ARTIFACT = "prsm-distribution";

    private DistributionLocator() {
    }

    static Distribution locate() throws IOException {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            if (Files.isDirectory(path)) {
                return Distribution.fromFolder(path);
            }
            if (Files.isRegularFile(path)) {
                return Distribution.fromJar(path);
            }
            throw new IllegalStateException("-D" + PROPERTY + " names " + given + ", which is neither a prsm.jar nor "
                    + "a folder of bundles; point it at one, or leave it unset to use io.prsm:" + ARTIFACT
                    + " from the local Maven repository.");
        }
        Path jar = inLocalRepository(harnessVersion());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No PRSM distribution at " + jar + ": add the test dependency io.prsm:"
                    + ARTIFACT + ":" + harnessVersion() + " to the pom so Maven fetches it, or set -D" + PROPERTY
                    + " to a prsm.jar.");
        }
        return Distribution.fromJar(jar);
    }

    private static Path inLocalRepository(String version) {
        String configured = System.getProperty("maven.repo.local");
        Path repository = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return repository.resolve("io").resolve("prsm").resolve(ARTIFACT).resolve(version)
                .resolve(ARTIFACT + "-" + version + ".jar");
    }

    /** The version this harness was built as, written into {@code harness.properties} by the build. */
    static String harnessVersion() {
        Properties properties = new Properties();
        try (InputStream in = DistributionLocator.class.getResourceAsStream("harness.properties")) {
            if (in == null) {
                throw new IllegalStateException("harness.properties is missing from the PRSM test harness jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the harness version", e);
        }
        return properties.getProperty("version");
    }
}
