package io.prsm.api.containment;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a regular expression of untrusted plugin code is matched against, checked at every
 * character the JDK's matcher reads ({@link Checkpoint#check(long)}). A pattern that backtracks
 * exponentially runs only JDK code, where no woven check is, so a stopped task's thread ran on
 * for ever (a core, and the memory of the text, held until the JVM ended); the gatekeeper
 * rewrites such calls in untrusted code ({@code Pattern.matcher}, {@code Pattern.matches},
 * {@code Matcher.reset}, {@code String.matches}, {@code replaceAll}, {@code replaceFirst},
 * {@code split}) to the methods here, which give the same results, so the matcher stops at the next
 * character it reads.
 *
 * <p>Worth nothing to a plugin that calls it itself: it only adds checks to its own code.
 *
 * <p>Concurrent semantics: as the text it wraps; the statics are stateless.
 */
public final class CheckedText implements CharSequence {

    private final CharSequence text;
    private final long bundleId;

    private CheckedText(CharSequence text, long bundleId) {
        this.text = Objects.requireNonNull(text);
        this.bundleId = bundleId;
    }

    /** {@code pattern.matcher(text)}, checked. */
    public static Matcher matcher(Pattern pattern, CharSequence text, long bundleId) {
        return pattern.matcher(new CheckedText(text, bundleId));
    }

    /** {@code Pattern.matches(regex, text)}, checked. */
    public static boolean matches(String regex, CharSequence text, long bundleId) {
        return matcher(Pattern.compile(regex), text, bundleId).matches();
    }

    /** {@code matcher.reset(text)}, checked. */
    public static Matcher reset(Matcher matcher, CharSequence text, long bundleId) {
        return matcher.reset(new CheckedText(text, bundleId));
    }

    /** {@code text.matches(regex)}, checked. */
    public static boolean stringMatches(String text, String regex, long bundleId) {
        return matches(regex, text, bundleId);
    }

    /** {@code text.replaceAll(regex, replacement)}, checked. */
    public static String replaceAll(String text, String regex, String replacement, long bundleId) {
        return matcher(Pattern.compile(regex), text, bundleId).replaceAll(replacement);
    }

    /** {@code text.replaceFirst(regex, replacement)}, checked. */
    public static String replaceFirst(String text, String regex, String replacement, long bundleId) {
        return matcher(Pattern.compile(regex), text, bundleId).replaceFirst(replacement);
    }

    /** {@code text.split(regex)}, checked. */
    public static String[] split(String text, String regex, long bundleId) {
        return split(text, regex, 0, bundleId);
    }

    /** {@code text.split(regex, limit)}, checked (the JDK documents it as {@code Pattern.split}). */
    public static String[] split(String text, String regex, int limit, long bundleId) {
        return Pattern.compile(regex).split(new CheckedText(text, bundleId), limit);
    }

    @Override
    public char charAt(int index) {
        if (bundleId < 0) {
            Checkpoint.check();
        } else {
            Checkpoint.check(bundleId);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
