package io.prsm.runtime.embed;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * One bundle shipped inside the distribution: its file name, content, digest, symbolic name and
 * the start level it runs at.
 *
 * <p>Concurrent semantics: immutable.
 */
public record DistributionBundle(String fileName, byte[] content, String digest, String symbolicName, int startLevel) {

    /** SPI Fly, SLF4J and Logback must be up before anything logs, or SLF4J settles on a no-op logger. */
    public static final int LOGGING_LEVEL = 1;
    /** The gatekeeper: its hooks must be in force before anything that could resolve a plugin starts. */
    public static final int GATEKEEPER_LEVEL = 2;
    /** Framework services, Jackson, the API and the runtime. */
    public static final int PLATFORM_LEVEL = 3;
    /** Plugins; bundles installed while the runtime runs get this level. */
    public static final int PLUGIN_LEVEL = 4;

    /** The location the launcher installs this bundle at. */
    public String location() {
        return "prsm:dist/" + fileName;
    }

    static DistributionBundle read(String fileName, InputStream in) throws IOException {
        byte[] content = in.readAllBytes();
        String symbolicName;
        try (JarInputStream jar = new JarInputStream(new java.io.ByteArrayInputStream(content))) {
            Manifest manifest = jar.getManifest();
            String header = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (header == null) {
                throw new IOException(fileName + " in the distribution is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            symbolicName = header.split(";", 2)[0].trim();
        }
        return new DistributionBundle(fileName, content, sha256(content), symbolicName, startLevelOf(symbolicName));
    }

    /** The start level of a distribution bundle: logging first, plugins last. */
    public static int startLevelOf(String symbolicName) {
        String name = symbolicName.toLowerCase(Locale.ROOT);
        if (name.startsWith("org.apache.aries.spifly") || name.startsWith("slf4j.")
                || name.startsWith("ch.qos.logback.") || name.startsWith("org.objectweb.asm")) {
            return LOGGING_LEVEL;
        }
        if (name.equals("io.prsm.sandbox")) {
            return GATEKEEPER_LEVEL;
        }
        return PLATFORM_LEVEL;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
