package io.prsm.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What is left of the {@link JarLimits} while one plugin jar (with the jars nested in it) is
 * read: entries are counted and every byte is counted as it is inflated, so a bomb is refused
 * after at most a limit's worth of work, whatever sizes its entries declare. Whoever reads a
 * plugin's entries (the plugin manager, the gatekeeper's scan) reads them through one budget.
 *
 * <p>Concurrent semantics: thread-safe; the counters are atomic, so threads scanning parts of one
 * jar share its budget.
 */
public final class JarBudget {

    private static final int CHUNK = 64 * 1024;

    private final JarLimits limits;
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicLong inflated = new AtomicLong();

    public JarBudget(JarLimits limits) {
        this.limits = limits;
    }

    public JarLimits limits() {
        return limits;
    }

    /** Counts one more entry, at {@code path} (a nested jar's entry as {@code lib/a.jar!/x/Y.class}). */
    public void countEntry(String path) throws OverLimitException {
        if (entries.incrementAndGet() > limits.maxEntries()) {
            throw new OverLimitException("The jar", "holds more than", limits.maxEntries() + " entries (at "
                    + Quote.prefix(path, 120) + ")", JarLimits.MAX_ENTRIES);
        }
    }

    /** Refuses a jar nested {@code depth} deep (1 for a jar directly in the plugin jar) past the limit. */
    public void checkNesting(String path, int depth) throws OverLimitException {
        if (depth > limits.maxNesting()) {
            throw new OverLimitException("Entry " + Quote.prefix(path, 120), "is a jar nested " + depth
                    + " deep; jars may nest at most", String.valueOf(limits.maxNesting()), JarLimits.MAX_NESTING);
        }
    }

    /**
     * Refuses an entry whose declared sizes already go over its limit, before a byte of it is
     * inflated. Declared sizes are otherwise not trusted: {@link #read} counts what it inflates.
     *
     * @param compressed the declared compressed size, or -1 if unknown
     * @param size the declared inflated size, or -1 if unknown
     */
    public void checkDeclared(String path, long compressed, long size) throws OverLimitException {
        String name = lastName(path);
        long limit = limits.entryLimit(name);
        if (size > limit) {
            throw new OverLimitException("Entry " + Quote.prefix(path, 120), "declares " + size
                    + " bytes, more than", Quote.bytes(limit), limits.entryLimitProperty(name));
        }
        if (compressed > limits.maxEntryBytes()) {
            throw new OverLimitException("Entry " + Quote.prefix(path, 120), "declares " + compressed
                    + " compressed bytes, more than", Quote.bytes(limits.maxEntryBytes()), JarLimits.MAX_ENTRY_BYTES);
        }
    }

    /** Reads the entry at {@code path} from {@code in}, within its limit and what is left of the jar's. */
    public byte[] read(InputStream in, String path) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        transfer(in, path, content, null);
        return content.toByteArray();
    }

    /**
     * Reads the entry at {@code path} from {@code in} into {@code sink} (and {@code digest}, if
     * given), within its limit and what is left of the jar's; returns how many bytes it held.
     */
    public long transfer(InputStream in, String path, OutputStream sink, MessageDigest digest) throws IOException {
        String name = lastName(path);
        long limit = limits.entryLimit(name);
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        for (int read; (read = in.read(buffer, 0, (int) Math.min(CHUNK, limit - total + 1))) > 0;) {
            total += read;
            if (total > limit) {
                throw new OverLimitException("Entry " + Quote.prefix(path, 120), "inflates to more than",
                        Quote.bytes(limit), limits.entryLimitProperty(name));
            }
            if (inflated.addAndGet(read) > limits.maxInflatedBytes()) {
                throw new OverLimitException("The jar", "inflates to more than", Quote.bytes(limits.maxInflatedBytes())
                        + " in all (at " + Quote.prefix(path, 120) + ")", JarLimits.MAX_INFLATED_BYTES);
            }
            if (digest != null) {
                digest.update(buffer, 0, read);
            }
            if (sink != null) {
                sink.write(buffer, 0, read);
            }
        }
        return total;
    }

    /** How many entries were counted so far. */
    public int entries() {
        return entries.get();
    }

    private static String lastName(String path) {
        int nested = path.lastIndexOf("!/");
        return nested < 0 ? path : path.substring(nested + 2);
    }
}
