package io.prsm.sandbox.entitlements;

import java.util.function.Function;

/**
 * How many threads one untrusted plugin may run at once: {@value #PROPERTY}, {@value #DEFAULT}
 * unless the operator sets it (0 lets no untrusted plugin start a thread).
 *
 * <p>Concurrent semantics: stateless.
 */
public final class ThreadLimit {

    public static final String PROPERTY = "prsm.plugin.threads";
    public static final int DEFAULT = 8;
    private static final int MAX = 10_000;

    private ThreadLimit() {
    }

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
}
