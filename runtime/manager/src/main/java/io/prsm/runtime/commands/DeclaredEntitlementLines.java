package io.prsm.runtime.commands;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.utils.manifest.Attribute;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;

/**
 * The entitlements a plugin jar on this machine declares ({@code prsm.entitlement} capabilities),
 * as one line for {@code prsm:validate}. A jar named by an http(s) URL is not fetched a second
 * time: the line then says where to look.
 *
 * <p>Concurrent semantics: stateless.
 */
final class DeclaredEntitlementLines {

    private static final String NAMESPACE = "prsm.entitlement";

    private DeclaredEntitlementLines() {
    }

    /** {@code "\nEntitlements declared: ..."}, or an empty string when the jar is not a local file. */
    static String of(String location) {
        Path jar;
        try {
            jar = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (RuntimeException notLocal) {
            return "";
        }
        if (!Files.isRegularFile(jar)) {
            return "";
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String header = manifest == null ? null : manifest.getMainAttributes().getValue("Provide-Capability");
            List<String> declared = new ArrayList<>();
            for (Clause clause : header == null ? new Clause[0] : Parser.parseHeader(header)) {
                if (!clause.getName().equals(NAMESPACE)) {
                    continue;
                }
                StringBuilder entry = new StringBuilder(String.valueOf(clause.getAttribute(NAMESPACE)));
                for (Attribute attribute : clause.getAttributes()) {
                    String name = attribute.getName();
                    if (!name.equals(NAMESPACE)) {
                        entry.append(' ').append(name.contains(":") ? name.substring(0, name.indexOf(':')) : name)
                                .append('=').append(attribute.getValue());
                    }
                }
                declared.add(entry.toString());
            }
            return "\nEntitlements declared: " + (declared.isEmpty() ? "none" : String.join("; ", declared));
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
