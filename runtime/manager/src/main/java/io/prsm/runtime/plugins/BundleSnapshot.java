package io.prsm.runtime.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.osgi.framework.Bundle;

/**
 * The content of a bundle's current revision as a jar, read from the framework (entries are
 * read without resolving), so a swap can put the old version back without having kept its jar.
 *
 * <p>Concurrent semantics: stateless.
 */
final class BundleSnapshot {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private BundleSnapshot() {
    }

    static byte[] of(Bundle bundle) throws IOException {
        List<String> entries = new ArrayList<>();
        collect(bundle, "/", entries);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            // the manifest first, where jar readers look for it
            if (entries.remove(MANIFEST)) {
                copy(bundle, MANIFEST, jar);
            }
            for (String entry : entries) {
                copy(bundle, entry, jar);
            }
        }
        return bytes.toByteArray();
    }

    private static void collect(Bundle bundle, String path, List<String> entries) {
        Enumeration<String> paths = bundle.getEntryPaths(path);
        if (paths == null) {
            return;
        }
        while (paths.hasMoreElements()) {
            String entry = paths.nextElement();
            if (entry.endsWith("/")) {
                collect(bundle, entry, entries);
            } else {
                entries.add(entry);
            }
        }
    }

    private static void copy(Bundle bundle, String entry, JarOutputStream jar) throws IOException {
        URL url = bundle.getEntry(entry);
        if (url == null) {
            return;
        }
        jar.putNextEntry(new JarEntry(entry));
        try (InputStream in = url.openStream()) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }
}
