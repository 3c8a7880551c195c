package io.prsm.runtime.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * PRSM's version as the build wrote it (1.0.0-SNAPSHOT, say), the one {@code --version} and the
 * banner show. The {@code prsm.runtime} capability plugins require is another thing: the version of
 * the plugin contract, always X.Y.Z.
 *
 * <p>Concurrent semantics: stateless.
 */
final class ProductVersion {

    private ProductVersion() {
    }

    /** The version the build wrote beside this class; "unknown" if the resource is missing. */
    static String read() {
        Properties properties = new Properties();
        try (InputStream in = ProductVersion.class.getResourceAsStream("prsm-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
