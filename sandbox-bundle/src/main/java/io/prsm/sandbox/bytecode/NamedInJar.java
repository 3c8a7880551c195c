package io.prsm.sandbox.bytecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.prsm.limits.JarBudget;
import io.prsm.limits.JarLimits;
import io.prsm.limits.Quote;

/**
 * {@link ClassesItNames} for a plugin jar not installed yet ({@code prsm:validate}, and
 * {@code prsm:install} before it installs): its manifest, its entry names and its component
 * descriptors, read from the jar's bytes within the scan's limits.
 *
 * <p>Concurrent semantics: stateless.
 */
final class NamedInJar {

    private NamedInJar() {
    }

    /** What is wrong with the classes the jar's manifest names for the platform to construct; empty when nothing is. */
    static List<String> problems(byte[] jar, JarLimits limits, Predicate<String> delegated) {
        JarBudget budget = new JarBudget(limits);
        Set<String> paths = new LinkedHashSet<>();
        Map<String, byte[]> descriptors = new HashMap<>();
        Map<String, String> headers = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String path = entry.getName();
                budget.countEntry(path);
                if (entry.isDirectory()) {
                    continue;
                }
                paths.add(path);
                if (path.equals("META-INF/MANIFEST.MF")) {
                    Attributes main = new Manifest(new ByteArrayInputStream(budget.read(zip, path))).getMainAttributes();
                    main.forEach((key, value) -> headers.put(key.toString(), String.valueOf(value)));
                } else if (path.endsWith(".xml")) {
                    // any of them may be a descriptor the manifest lists; it is read before the manifest may come
                    descriptors.put(path, budget.read(zip, path));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return List.of("its entries cannot be read (" + Quote.prefix(String.valueOf(unreadable.getMessage()), 400)
                    + "), so the classes it names for the platform cannot be checked.");
        }
        return ClassesItNames.problems(headers, new ClassesItNames.Entries() {
            @Override
            public boolean holds(String path) {
                return paths.contains(path);
            }

            @Override
            public List<String> filesIn(String folder) {
                return paths.stream().filter(path -> path.startsWith(folder) && path.indexOf('/', folder.length()) < 0)
                        .sorted().toList();
            }

            @Override
            public byte[] read(String path) throws IOException {
                byte[] xml = descriptors.get(path);
                if (xml == null) {
                    throw new IOException("it is not an .xml entry of the jar");
                }
                return xml;
            }
        }, delegated);
    }
}
