package io.prsm.runtime.embed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The bundles the runtime is made of. In the executable jar they sit under {@code bundles/}; a
 * test or a developer can point {@code -Dprsm.distribution=DIR} at a folder of bundles instead.
 *
 * <p>Concurrent semantics: immutable after loading.
 */
public final class Distribution {

    static final String FOLDER_PROPERTY = "prsm.distribution";
    private static final String PREFIX = "bundles/";

    /** Installation order: by start level, then by file name, so every launch installs alike. */
    private static final Comparator<DistributionBundle> START_ORDER =
            Comparator.comparingInt(DistributionBundle::startLevel).thenComparing(DistributionBundle::fileName);

    private final List<DistributionBundle> bundles;

    private Distribution(List<DistributionBundle> bundles) {
        this.bundles = List.copyOf(bundles);
    }

    public List<DistributionBundle> bundles() {
        return bundles;
    }

    /** This distribution without the bundles {@code left} names: for a host's own mix, or a baseline. */
    public Distribution without(Predicate<DistributionBundle> left) {
        return new Distribution(bundles.stream().filter(left.negate()).toList());
    }

    /** This distribution with {@code more} bundles, installed in start-level order like the rest. */
    public Distribution with(Distribution more) {
        List<DistributionBundle> all = new ArrayList<>(bundles);
        all.addAll(more.bundles);
        all.sort(START_ORDER);
        return new Distribution(all);
    }

    /** The distribution this launcher was started from. */
    public static Distribution locate() throws IOException {
        String folder = System.getProperty(FOLDER_PROPERTY);
        if (folder != null) {
            return fromFolder(Path.of(folder));
        }
        CodeSource source = Distribution.class.getProtectionDomain().getCodeSource();
        Path self;
        try {
            self = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | NullPointerException unknown) {
            throw new IOException("Cannot tell where the launcher was loaded from; set -D" + FOLDER_PROPERTY + "=DIR");
        }
        if (Files.isDirectory(self)) {
            throw new IOException("The launcher runs from " + self + ", not from prsm.jar: set -D" + FOLDER_PROPERTY
                    + "=DIR to a folder of bundles, or run java -jar bndrun/target/prsm.jar");
        }
        return fromJar(self);
    }

    /** The bundles in {@code folder}, for tests and developers who run from an exported folder. */
    public static Distribution fromFolder(Path folder) throws IOException {
        List<DistributionBundle> bundles = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundles.add(DistributionBundle.read(jar.getFileName().toString(), in));
                }
            }
        }
        return sorted(bundles, folder.toString());
    }

    /** The bundles under {@code bundles/} in {@code jarFile}, a {@code prsm.jar}. */
    public static Distribution fromJar(Path jarFile) throws IOException {
        if (!Files.isRegularFile(jarFile)) {
            throw new NoSuchFileException(jarFile.toString(), null, "no prsm.jar there; build it with mvn verify");
        }
        List<DistributionBundle> bundles = new ArrayList<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(PREFIX) && name.endsWith(".jar") && name.indexOf('/', PREFIX.length()) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        bundles.add(DistributionBundle.read(name.substring(PREFIX.length()), in));
                    }
                }
            }
        }
        return sorted(bundles, jarFile.toString());
    }

    private static Distribution sorted(List<DistributionBundle> bundles, String origin) throws IOException {
        if (bundles.isEmpty()) {
            throw new IOException("No bundles found in " + origin + "; rebuild the distribution with mvn verify");
        }
        bundles.sort(START_ORDER);
        return new Distribution(bundles);
    }
}
