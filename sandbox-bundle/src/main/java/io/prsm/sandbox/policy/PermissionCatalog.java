package io.prsm.sandbox.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Provides a {@code prsm.permission} capability for each permission the policy defines. A
 * capability can only come from a manifest, so the catalogue is a small generated bundle
 * ({@code prsm:permissions}) whose manifest is rewritten when the policy's permissions change.
 * The resolver hook then decides which plugin may wire to which of them.
 *
 * <p>Concurrent semantics: not thread-safe; called from the gatekeeper's start and reloads only.
 */
public final class PermissionCatalog {

    static final String LOCATION = "prsm:permissions";

    private PermissionCatalog() {
    }

    /** Installs or updates the catalogue for {@code policy}; refreshes it when it changed. */
    public static void publish(BundleContext context, Policy policy) throws BundleException, IOException {
        String capabilities = policy.permissions().stream().sorted()
                .map(permission -> "prsm.permission;prsm.permission=\"" + permission + "\"")
                .collect(Collectors.joining(","));
        Bundle existing = context.getBundle(LOCATION);
        if (existing != null && Objects.equals(existing.getHeaders("").get("Provide-Capability"),
                capabilities.isEmpty() ? null : capabilities)) {
            return;
        }
        byte[] jar = jar(capabilities);
        if (existing == null) {
            context.installBundle(LOCATION, new ByteArrayInputStream(jar));
        } else {
            existing.update(new ByteArrayInputStream(jar));
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(java.util.Set.of(existing));
        }
    }

    private static byte[] jar(String capabilities) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.prsm.permissions");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Name", "PRSM permissions (generated from policy.json)");
        if (!capabilities.isEmpty()) {
            main.putValue("Provide-Capability", capabilities);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.flush();
        }
        return bytes.toByteArray();
    }
}
