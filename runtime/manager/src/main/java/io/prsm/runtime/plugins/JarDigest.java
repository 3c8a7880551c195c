package io.prsm.runtime.plugins;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import io.prsm.api.runtime.PluginOperationException;
import io.prsm.limits.Quote;

/**
 * The {@code --sha256} check: a jar is installed only if its SHA-256 is the one the operator was
 * given alongside its URL, so a corrupt or replaced download is refused before anything reads it.
 *
 * <p>Concurrent semantics: stateless.
 */
final class JarDigest {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private JarDigest() {
    }

    /** The expected digest in lower case, or null for none; refuses anything but 64 hex digits. */
    static String expected(String given) throws PluginOperationException {
        if (given == null || given.isBlank()) {
            return null;
        }
        String digest = given.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(digest).matches()) {
            throw new PluginOperationException("--sha256 takes the 64 hex digits of the jar's SHA-256 (sha256sum "
                    + "prints them), not '" + Quote.prefix(given, 80) + "'.");
        }
        return digest;
    }

    /** Refuses {@code content} if {@code expected} is given and is not its SHA-256. */
    static void check(String location, byte[] content, String expected) throws PluginOperationException {
        if (expected == null) {
            return;
        }
        String actual = of(content);
        if (!actual.equals(expected)) {
            throw new PluginOperationException("Refused " + Quote.prefix(location, 300) + ": its SHA-256 is " + actual
                    + ", not " + expected + " as given with --sha256. The download is corrupt or not the jar meant; "
                    + "nothing was installed.");
        }
    }

    static String of(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JDK has SHA-256", impossible);
        }
    }
}
