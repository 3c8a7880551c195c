package io.prsm.limits;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads limit settings: counts ({@code 65536}) and sizes ({@code 16m}, {@code 512k},
 * {@code 1g}, {@code 700} bytes) and durations ({@code 10s}, {@code 500ms}, {@code 2m}). A value that does not parse is refused naming the property,
 * never silently replaced: an operator who set a limit expects it to hold. For limits of its
 * own, a component reads its properties here too, so every limit is written the same way.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*([kmg]i?b?|b)?");

    private Settings() {
    }

    public static int count(Function<String, String> properties, String name, int defaultValue) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException wrong) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + Quote.prefix(value) + "'");
        }
    }

    public static long size(Function<String, String> properties, String name, long defaultValue) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Matcher size = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!size.matches()) {
            throw new IllegalArgumentException(name + " must be a size such as 16m, 512k or 1048576, not '"
                    + Quote.prefix(value) + "'");
        }
        long amount = Long.parseLong(size.group(1));
        int shift = size.group(2) == null ? 0 : switch (size.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        if (Long.numberOfLeadingZeros(amount) <= shift + 1) {
            throw new IllegalArgumentException(name + " is too large: '" + Quote.prefix(value) + "'");
        }
        return amount << shift;
    }

    /**
     * A positive duration such as {@code 10s}, {@code 500ms} or {@code 2m}; a bare number is
     * milliseconds.
     */
    public static Duration duration(Function<String, String> properties, String name, Duration defaultValue) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Matcher duration = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!duration.matches() || Long.parseLong(duration.group(1)) == 0) {
            throw new IllegalArgumentException(name + " must be a positive duration such as 10s, 500ms or 2m, not '"
                    + Quote.prefix(value) + "'");
        }
        long amount = Long.parseLong(duration.group(1));
        return switch (duration.group(2) == null ? "ms" : duration.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
    }
}
