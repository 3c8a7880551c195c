package io.prsm.limits;

import java.util.Locale;

/**
 * How a message shows what it was handed: at most a short prefix, on one line. An operator who
 * pasted 50 MB into a command, or a file that is 50 MB of one token, gets a message of a line,
 * and a control character in the input cannot break the log or the terminal.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Quote {

    /** The most of an input a message shows. */
    public static final int PREFIX = 60;

    private Quote() {
    }

    /** {@code text} as a message shows it: at most {@value #PREFIX} characters, on one line. */
    public static String prefix(String text) {
        return prefix(text, PREFIX);
    }

    /**
     * At most {@code max} characters of {@code text}, with line breaks and other control
     * characters written as escapes; a longer text ends with how long it was.
     */
    public static String prefix(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), max) + 32);
        int shownChars = 0;
        int i = 0;
        for (; i < text.length() && shownChars < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && shownChars == max - 1) {
                break; // never split a character in two
            }
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                shown.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format(Locale.ROOT, "\\u%04x", (int) c);
                });
            } else {
                shown.append(c);
            }
            shownChars++;
        }
        if (i < text.length()) {
            shown.append("... (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }

    /** A size for a message: {@code 16 MiB}, {@code 512 KiB}, {@code 700 bytes}. */
    public static String bytes(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
