package io.prsm.limits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads a whole plugin jar within the {@link JarLimits} before anything else touches it, in both
 * of the ways a jar is read: through its central directory (as the framework, and the gatekeeper
 * through the framework, read it) and entry by entry (as the install-time scan reads it). Every
 * entry is inflated once each way with its bytes counted, never trusting the sizes it declares,
 * so a bomb costs at most a limit's worth of work; an entry that declares one size and holds
 * another is refused, since the framework allocates what the directory declares. The two readings
 * must agree entry for entry (by SHA-256), so code cannot hide where only one of them looks. Jars
 * nested in the jar (entries ending in {@code .jar}, and whatever {@code Bundle-ClassPath} names)
 * are read the same way, at most {@link JarLimits#maxNesting()} deep, within the same budget.
 *
 * <p>The manifest is read by {@link JarManifest}; a corrupt jar on {@code Bundle-ClassPath} is
 * reported, because the framework would install the plugin and then fail to load its classes.
 *
 * <p>Concurrent semantics: immutable; each call reads one jar with its own budget.
 */
public final class JarInspector {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private final JarLimits limits;

    public JarInspector(JarLimits limits) {
        this.limits = limits;
    }

    public JarLimits limits() {
        return limits;
    }

    /**
     * Reads {@code jar} within the limits.
     *
     * @throws OverLimitException naming the entry and the limit it went over
     * @throws ZipException saying why {@code jar} is not a jar the framework could read
     * @throws IOException if no temporary copy could be written for the framework's way of reading
     */
    public JarInspection inspect(byte[] jar) throws IOException {
        if (jar.length > limits.maxJarBytes()) {
            throw new OverLimitException("The jar", "is " + jar.length + " bytes, larger than",
                    Quote.bytes(limits.maxJarBytes()), JarLimits.MAX_JAR_BYTES);
        }
        Reading reading = new Reading();
        Path copy = Files.createTempFile("prsm-jar-", ".jar");
        try {
            Files.write(copy, jar);
            Map<String, byte[]> directory;
            JarManifest manifest = null;
            try (ZipFile zip = new ZipFile(copy.toFile())) {
                ZipEntry manifestEntry = zip.getEntry(MANIFEST);
                if (manifestEntry != null && !manifestEntry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(manifestEntry)) {
                        new JarBudget(limits).checkDeclared(MANIFEST, manifestEntry.getCompressedSize(),
                                manifestEntry.getSize());
                        manifest = JarManifest.read(new JarBudget(limits).read(in, MANIFEST), limits);
                    }
                    reading.problems.addAll(manifest.problems());
                }
                Set<String> classPath = manifest == null ? Set.of()
                        : classPath(manifest.main().get(headerName(manifest.main(), "Bundle-ClassPath")));
                directory = reading.directory(zip, "", 0, classPath);
            } catch (ZipException | OverLimitException refused) {
                throw refused;
            } catch (IOException | RuntimeException unreadable) {
                throw notAJar(unreadable);
            }
            reading.stream(new ByteArrayInputStream(jar), "", directory);
            return new JarInspection(manifest != null, manifest == null ? Map.of() : manifest.main(),
                    reading.problems(), reading.central.entries());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The entries that {@code Bundle-ClassPath} puts on the class path, without parameters or a leading slash. */
    static Set<String> classPath(String header) {
        if (header == null || header.isBlank()) {
            return Set.of();
        }
        Set<String> entries = new HashSet<>();
        for (String clause : header.split(",")) {
            int parameters = clause.indexOf(';');
            String path = (parameters < 0 ? clause : clause.substring(0, parameters)).trim();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (!path.isEmpty() && !path.equals(".")) {
                entries.add(path);
            }
        }
        return entries;
    }

    private static String headerName(Map<String, String> headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return name;
    }

    private static ZipException notAJar(Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ZipException(Quote.prefix(reason, 160));
    }

    /** One jar being read: the two budgets, and the problems found so far. */
    private final class Reading {
        private final JarBudget central = new JarBudget(limits);
        private final JarBudget local = new JarBudget(limits);
        private final List<String> problems = new ArrayList<>();
        private int unnamed;

        /**
         * Reads every entry of {@code zip} through its central directory; returns each name's
         * SHA-256 (the first entry's, for a name that appears twice).
         */
        Map<String, byte[]> directory(ZipFile zip, String prefix, int depth, Set<String> classPath)
                throws IOException {
            if (central.entries() + zip.size() > limits.maxEntries()) {
                throw new OverLimitException(prefix.isEmpty() ? "The jar" : "The jar with " + Quote.prefix(prefix, 120),
                        "holds more than", limits.maxEntries() + " entries", JarLimits.MAX_ENTRIES);
            }
            Map<String, byte[]> digests = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                String path = prefix + name;
                central.countEntry(path);
                central.checkDeclared(path, entry.getCompressedSize(), entry.getSize());
                boolean nested = !entry.isDirectory() && (name.toLowerCase(Locale.ROOT).endsWith(".jar")
                        || classPath.contains(name));
                // a nested jar goes to a file of its own, never held in memory: it may be as large as an entry may
                Path copy = nested ? Files.createTempFile("prsm-jar-", ".jar") : null;
                try {
                    MessageDigest digest = sha256();
                    long size;
                    try (InputStream in = zip.getInputStream(entry);
                            OutputStream kept = copy == null ? null : Files.newOutputStream(copy)) {
                        size = central.transfer(in, path, kept, digest);
                    }
                    if (entry.getSize() >= 0 && size != entry.getSize()) {
                        throw new ZipException("entry " + Quote.prefix(path, 120) + " declares " + entry.getSize()
                                + " bytes but holds " + size);
                    }
                    if (digests.putIfAbsent(name, digest.digest()) != null) {
                        problem("Entry " + Quote.prefix(path, 120) + " appears twice in the jar; the framework and the "
                                + "scan could read different copies. Rebuild the jar");
                    }
                    if (nested) {
                        nested(copy, path, depth + 1, classPath.contains(name));
                    }
                } finally {
                    if (copy != null) {
                        Files.deleteIfExists(copy);
                    }
                }
            }
            return digests;
        }

        /** A jar in the jar: refused if too deep, read both ways like the plugin jar, reported if the class path needs it. */
        private void nested(Path jar, String path, int depth, boolean onClassPath) throws IOException {
            central.checkNesting(path, depth);
            Map<String, byte[]> directory = null;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                directory = directory(zip, path + "!/", depth, Set.of());
            } catch (OverLimitException refused) {
                throw refused;
            } catch (IOException | RuntimeException corrupt) {
                if (onClassPath) {
                    problem("Bundle-ClassPath names " + Quote.prefix(path, 120) + ", which is not a valid jar ("
                            + notAJar(corrupt).getMessage() + "): the framework could not load classes from it. "
                            + "Rebuild the plugin");
                }
            }
            try (InputStream in = Files.newInputStream(jar)) {
                stream(in, path + "!/", directory);
            }
        }

        /**
         * Reads every entry of {@code jar} one after the other, as the scan does, and checks that
         * each is what the central directory holds under its name; without a directory (a nested
         * jar that is not one), jars nested in it are read this way too.
         */
        void stream(InputStream jar, String prefix, Map<String, byte[]> directory) throws IOException {
            Set<String> streamed = new HashSet<>();
            try (ZipInputStream zip = new ZipInputStream(jar)) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    String name = entry.getName();
                    String path = prefix + name;
                    local.countEntry(path);
                    local.checkDeclared(path, entry.getCompressedSize(), entry.getSize());
                    MessageDigest digest = sha256();
                    boolean nested = directory == null && !entry.isDirectory()
                            && name.toLowerCase(Locale.ROOT).endsWith(".jar");
                    if (nested) {
                        local.checkNesting(path, prefix.split("!/", -1).length);
                        streamNested(zip, path, digest);
                    } else {
                        local.transfer(zip, path, null, digest);
                    }
                    streamed.add(name);
                    if (directory == null) {
                        continue;
                    }
                    byte[] expected = directory.get(name);
                    if (expected == null) {
                        problem("Entry " + Quote.prefix(path, 120) + " is in the jar's stream of entries but not in its "
                                + "directory, a sign of a tampered jar. Rebuild the jar");
                    } else if (!Arrays.equals(expected, digest.digest())) {
                        problem("Entry " + Quote.prefix(path, 120) + " reads differently through the jar's directory "
                                + "and its stream of entries, a sign of a tampered jar. Rebuild the jar");
                    }
                }
            } catch (OverLimitException refused) {
                throw refused;
            } catch (IOException | RuntimeException unreadable) {
                String where = prefix.isEmpty() ? "" : " in " + Quote.prefix(prefix.substring(0, prefix.length() - 2), 120);
                throw new ZipException("entries" + where + " cannot be read one by one ("
                        + notAJar(unreadable).getMessage() + ")");
            }
            if (directory != null) {
                for (String name : directory.keySet()) {
                    if (!streamed.contains(name)) {
                        problem("Entry " + Quote.prefix(prefix + name, 120) + " is in the jar's directory but not in its "
                                + "stream of entries, a sign of a tampered jar. Rebuild the jar");
                    }
                }
            }
        }

        /** A jar in a jar that is no jar to the framework, read entry by entry as the scan would, through a file. */
        private void streamNested(InputStream in, String path, MessageDigest digest) throws IOException {
            Path copy = Files.createTempFile("prsm-jar-", ".jar");
            try {
                try (OutputStream kept = Files.newOutputStream(copy)) {
                    local.transfer(in, path, kept, digest);
                }
                try (InputStream nested = Files.newInputStream(copy)) {
                    stream(nested, path + "!/", null);
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        }

        private void problem(String problem) {
            if (problems.size() < JarManifest.NAMED_PROBLEMS) {
                problems.add(problem + ".");
            } else {
                unnamed++;
            }
        }

        List<String> problems() {
            List<String> all = new ArrayList<>(problems);
            if (unnamed > 0) {
                all.add("And " + unnamed + " more problems of the same kinds.");
            }
            return all;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
