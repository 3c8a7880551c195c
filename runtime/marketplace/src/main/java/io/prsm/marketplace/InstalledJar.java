package io.prsm.marketplace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;

import io.prsm.api.runtime.PluginOperationException;

/**
 * An installed bundle's content as a jar, for the scanner: the installed library's bytes were
 * not kept, and the framework's copy is what the plugin would call.
 *
 * <p>Concurrent semantics: stateless.
 */
final class InstalledJar {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private InstalledJar() {
    }

    static byte[] of(Bundle bundle) throws PluginOperationException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            URL manifest = bundle.getEntry(MANIFEST);
            if (manifest == null) {
                throw new IOException("it has no " + MANIFEST);
            }
            Manifest headers;
            try (InputStream in = manifest.openStream()) {
                headers = new Manifest(in);
            }
            try (JarOutputStream jar = new JarOutputStream(bytes, headers)) {
                Enumeration<URL> entries = bundle.findEntries("/", "*", true);
                while (entries != null && entries.hasMoreElements()) {
                    URL entry = entries.nextElement();
                    String path = entry.getPath().startsWith("/") ? entry.getPath().substring(1) : entry.getPath();
                    if (path.endsWith("/") || path.equals(MANIFEST)) {
                        continue;
                    }
                    jar.putNextEntry(new JarEntry(path));
                    try (InputStream in = entry.openStream()) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
        } catch (IOException | IllegalStateException unreadable) {
            throw new PluginOperationException("The installed library " + bundle.getSymbolicName() + " "
                    + bundle.getVersion() + " cannot be read to scan it (" + unreadable.getMessage() + "); nothing was "
                    + "installed. Uninstall it (it is bundle " + bundle.getBundleId() + ") and install the plugin "
                    + "again.");
        }
        return bytes.toByteArray();
    }
}
