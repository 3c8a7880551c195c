package io.prsm.runtime.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What the shell says when it comes up: PRSM's version, where its data and plugins are, the HTTP
 * URL actually bound (the port {@code --http-port 0} picked included) and whether the gatekeeper
 * enforces the policy.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Banner {

    private static final String GATEKEEPER = "io.prsm.sandbox";

    private Banner() {
    }

    /** PRSM's version, as the build wrote it. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Banner.class.getResourceAsStream("prsm-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException unreadable) {
            // reported as unknown below
        }
        return properties.getProperty("version", "unknown");
    }

    static String text(BundleContext context, Path storage, Path plugins, Optional<String> http) {
        return String.join(System.lineSeparator(),
                "PRSM Runtime " + version(),
                "  storage:  " + storage,
                "  plugins:  " + plugins,
                "  HTTP API: " + http.orElse("off (--http-port -1)"),
                "  Console:  " + http.map(url -> (url.endsWith("/") ? url : url + "/") + "console")
                        .orElse("off (it is served on the HTTP port)"),
                "  security: " + enforcement(context),
                "Type help for the commands, TAB to complete, stop or Ctrl-D to stop the runtime.");
    }

    /** Whether the gatekeeper runs; without it the runtime installs nothing (it fails closed). */
    private static String enforcement(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if (GATEKEEPER.equals(bundle.getSymbolicName())) {
                return bundle.getState() == Bundle.ACTIVE ? "gatekeeper enforcing the policy"
                        : "gatekeeper NOT running: every install is refused";
            }
        }
        return "gatekeeper absent: every install is refused";
    }
}
