package io.prsm.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Jars for the tests, written entry by entry; bombs are written without holding their inflated bytes. */
final class TestJars {

    static final String MANIFEST = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
            + "Bundle-SymbolicName: test.plugin\r\nBundle-Version: 1.0.0\r\n\r\n";

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final java.util.Set<String> stored = new java.util.HashSet<>();
    private final Map<String, Long> zeros = new LinkedHashMap<>();

    static TestJars jar() {
        return new TestJars().manifest(MANIFEST);
    }

    TestJars manifest(String text) {
        return entry("META-INF/MANIFEST.MF", text.getBytes(StandardCharsets.UTF_8));
    }

    TestJars entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    /** An entry written as it is, not deflated. */
    TestJars stored(String name, byte[] content) {
        stored.add(name);
        return entry(name, content);
    }

    TestJars entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** An entry of {@code size} zero bytes: deflated, it takes about a thousandth of that. */
    TestJars zeros(String name, long size) {
        zeros.put(name, size);
        return this;
    }

    byte[] bytes() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    zip.putNextEntry(stored.contains(entry.getKey()) ? storedZipEntry(entry.getKey(), entry.getValue())
                            : new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
                byte[] chunk = new byte[1 << 20];
                for (Map.Entry<String, Long> bomb : zeros.entrySet()) {
                    zip.setLevel(Deflater.BEST_COMPRESSION);
                    zip.putNextEntry(new ZipEntry(bomb.getKey()));
                    for (long left = bomb.getValue(); left > 0; left -= chunk.length) {
                        zip.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A jar with one STORED entry, so its sizes sit at known offsets for a test to falsify. */
    static byte[] storedEntry(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry manifest = storedZipEntry("META-INF/MANIFEST.MF", MANIFEST.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(manifest);
            zip.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(storedZipEntry(name, content));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** {@code jar} with the directory saying that {@code name} inflates to {@code size} bytes, whatever it holds. */
    static byte[] declaring(byte[] jar, String name, int size) {
        byte[] copy = jar.clone();
        java.nio.ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(JarInspectorTest.centralRecord(copy, name) + 24, size);
        return copy;
    }

    private static ZipEntry storedZipEntry(String name, byte[] content) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        return entry;
    }

    static byte[] sample() throws IOException {
        String path = System.getProperty("prsm.sample.analytics");
        if (path == null) {
            throw new IllegalStateException("System property prsm.sample.analytics is not set; run the tests with Maven");
        }
        return Files.readAllBytes(Path.of(path));
    }
}
