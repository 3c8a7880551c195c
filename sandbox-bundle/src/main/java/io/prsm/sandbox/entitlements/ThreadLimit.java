package io.prsm.sandbox.entitlements;

import java.util.function.Function;

import io.prsm.api.SecurityLevel;

/**
 * How many threads one untrusted plugin may run at once: what it declares ({@code @MaxThreads}),
 * else the operator's default {@value #PROPERTY} ({@value #DEFAULT} unless set; 0 lets no plugin
 * that declares nothing start a thread), and never more than the policy's cap for its level
 * ({@code containment.threads}).
 *
 * <p>Concurrent semantics: immutable.
 *
 * @param limit the threads the plugin may run at once
 * @param why where the limit comes from, for refusals and {@code prsm:info}
 */
public record ThreadLimit(int limit, String why) {

    public static final String PROPERTY = "prsm.plugin.threads";
    public static final int DEFAULT = 8;
    static final int MAX = 10_000;

    /** The limit the framework properties set; throws, naming the property, when it does not parse. */
    public static int from(Function<String, String> properties) {
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 0 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(PROPERTY + " must be a whole number from 0 to " + MAX + ", not '" + value
                + "'");
    }

    /** A declared {@code max} attribute as a limit: -1 unless a whole number from 0 to {@value #MAX}. */
    static int declared(Object max) {
        try {
            long value = max instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(max).trim());
            return value >= 0 && value <= MAX ? (int) value : -1;
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /**
     * The limit of a plugin of {@code level} that declares {@code declared} (null: nothing, -1: an
     * invalid value, which fails closed to no thread at all).
     */
    public static ThreadLimit of(Integer declared, int operatorDefault, SecurityLevel level, int levelCap) {
        if (declared != null && declared < 0) {
            return new ThreadLimit(0, "its @MaxThreads is not a whole number from 0 to " + MAX);
        }
        int wanted = declared != null ? declared : operatorDefault;
        String source = declared != null ? "declared " + declared : PROPERTY + " " + operatorDefault;
        String cap = "containment.threads." + level.name().toLowerCase(java.util.Locale.ROOT);
        if (wanted > levelCap) {
            return new ThreadLimit(levelCap, source + ", capped by " + cap + " " + levelCap + " in policy.json");
        }
        return new ThreadLimit(wanted, source + "; " + cap + " allows " + levelCap);
    }
}
