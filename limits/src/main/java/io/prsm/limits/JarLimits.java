package io.prsm.limits;

import java.util.function.Function;

/**
 * How much of a plugin jar the platform reads before it refuses the jar. The defaults are far
 * beyond any real plugin (the samples are under 100 KiB with fewer than 100 entries) and far
 * below what would cost the runtime seconds or its memory. Each is a framework property (or a
 * system property, which the framework falls back to), for example
 * {@code java -Dprsm.jar.maxEntries=200000 -jar prsm.jar}.
 *
 * @param maxJarBytes the jar file itself ({@value #MAX_JAR_BYTES})
 * @param maxEntries entries in the jar, counting those of nested jars ({@value #MAX_ENTRIES})
 * @param maxEntryBytes one entry, compressed or inflated ({@value #MAX_ENTRY_BYTES})
 * @param maxInflatedBytes all entries together, inflated, nested jars included ({@value #MAX_INFLATED_BYTES})
 * @param maxManifestBytes {@code META-INF/MANIFEST.MF} ({@value #MAX_MANIFEST_BYTES})
 * @param maxManifestHeaders headers in the manifest's main section ({@value #MAX_MANIFEST_HEADERS})
 * @param maxClassBytes one class file ({@value #MAX_CLASS_BYTES})
 * @param maxNesting how deep jars may nest in jars: 1 allows {@code lib/a.jar}, 2 also
 *     {@code lib/a.jar!/b.jar} ({@value #MAX_NESTING})
 */
public record JarLimits(long maxJarBytes, int maxEntries, long maxEntryBytes, long maxInflatedBytes,
        int maxManifestBytes, int maxManifestHeaders, int maxClassBytes, int maxNesting) {

    public static final String MAX_JAR_BYTES = "prsm.jar.maxBytes";
    public static final String MAX_ENTRIES = "prsm.jar.maxEntries";
    public static final String MAX_ENTRY_BYTES = "prsm.jar.maxEntryBytes";
    public static final String MAX_INFLATED_BYTES = "prsm.jar.maxInflatedBytes";
    public static final String MAX_MANIFEST_BYTES = "prsm.jar.maxManifestBytes";
    public static final String MAX_MANIFEST_HEADERS = "prsm.jar.maxManifestHeaders";
    public static final String MAX_CLASS_BYTES = "prsm.jar.maxClassBytes";
    public static final String MAX_NESTING = "prsm.jar.maxNesting";

    /** 256 MiB jars, 65,536 entries, 256 MiB an entry, 512 MiB in all, 1 MiB manifests of 1,000 headers, 16 MiB classes, 2 deep. */
    public static final JarLimits DEFAULTS = new JarLimits(256L << 20, 65_536, 256L << 20, 512L << 20, 1 << 20,
            1_000, 16 << 20, 2);

    public JarLimits {
        positive(MAX_JAR_BYTES, maxJarBytes);
        positive(MAX_ENTRIES, maxEntries);
        positive(MAX_ENTRY_BYTES, maxEntryBytes);
        positive(MAX_INFLATED_BYTES, maxInflatedBytes);
        positive(MAX_MANIFEST_BYTES, maxManifestBytes);
        positive(MAX_MANIFEST_HEADERS, maxManifestHeaders);
        positive(MAX_CLASS_BYTES, maxClassBytes);
        if (maxNesting < 0) {
            throw new IllegalArgumentException(MAX_NESTING + " must be 0 or more, not " + maxNesting);
        }
    }

    /**
     * The limits the properties set, the defaults for those they leave out.
     *
     * @throws IllegalArgumentException naming the property whose value is not a positive number
     */
    public static JarLimits from(Function<String, String> properties) {
        JarLimits d = DEFAULTS;
        return new JarLimits(Settings.size(properties, MAX_JAR_BYTES, d.maxJarBytes),
                Settings.count(properties, MAX_ENTRIES, d.maxEntries),
                Settings.size(properties, MAX_ENTRY_BYTES, d.maxEntryBytes),
                Settings.size(properties, MAX_INFLATED_BYTES, d.maxInflatedBytes),
                (int) Math.min(Integer.MAX_VALUE - 8, Settings.size(properties, MAX_MANIFEST_BYTES, d.maxManifestBytes)),
                Settings.count(properties, MAX_MANIFEST_HEADERS, d.maxManifestHeaders),
                (int) Math.min(Integer.MAX_VALUE - 8, Settings.size(properties, MAX_CLASS_BYTES, d.maxClassBytes)),
                Settings.count(properties, MAX_NESTING, d.maxNesting));
    }

    /** The most one entry named {@code name} may hold, and the property that says so. */
    long entryLimit(String name) {
        if (isManifest(name)) {
            return Math.min(maxManifestBytes, maxEntryBytes);
        }
        return name.endsWith(".class") ? Math.min(maxClassBytes, maxEntryBytes) : maxEntryBytes;
    }

    String entryLimitProperty(String name) {
        if (isManifest(name)) {
            return maxManifestBytes <= maxEntryBytes ? MAX_MANIFEST_BYTES : MAX_ENTRY_BYTES;
        }
        return name.endsWith(".class") && maxClassBytes <= maxEntryBytes ? MAX_CLASS_BYTES : MAX_ENTRY_BYTES;
    }

    static boolean isManifest(String name) {
        return "META-INF/MANIFEST.MF".equalsIgnoreCase(name);
    }

    private static void positive(String property, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, not " + value);
        }
    }
}
