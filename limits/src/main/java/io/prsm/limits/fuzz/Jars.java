package io.prsm.limits.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Jars taken apart and put together again by the fuzz tests: a sample's entries, changed, written
 * back as a jar.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Jars {

    private Jars() {
    }

    /** The entries of {@code jar} in order (at most 64 MiB in all), or null if it is not a readable jar. */
    public static Map<String, byte[]> entries(byte[] jar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] content = zip.readNBytes(1 << 24);
                total += content.length;
                if (total > 1 << 26) {
                    return null;
                }
                entries.put(entry.getName(), content);
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        return entries.isEmpty() ? null : entries;
    }

    /** A jar of {@code entries}, deflated, in their order. */
    public static byte[] write(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }
}
