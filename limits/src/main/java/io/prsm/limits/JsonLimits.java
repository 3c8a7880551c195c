package io.prsm.limits;

import java.util.function.Function;

/**
 * How much JSON the platform reads before it refuses the document: tasks (shell, HTTP,
 * embedding), hook payloads, {@code policy.json} and plugin configuration files. The defaults
 * leave room for any genuine task (a CSV of megabytes in one string) and refuse what only costs
 * memory and time. Each is a framework property (or a system property, which the framework falls
 * back to).
 *
 * @param maxDepth objects and arrays nested in each other ({@value #MAX_DEPTH})
 * @param maxStringLength characters in one string ({@value #MAX_STRING_LENGTH})
 * @param maxNumberLength characters in one number ({@value #MAX_NUMBER_LENGTH})
 * @param maxNameLength characters in one field name ({@value #MAX_NAME_LENGTH})
 * @param maxBytes the document, in bytes or characters ({@value #MAX_BYTES})
 * @param maxTokens values, names and brackets in the document ({@value #MAX_TOKENS})
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxNumberLength, int maxNameLength, long maxBytes,
        long maxTokens) {

    public static final String MAX_DEPTH = "prsm.json.maxDepth";
    public static final String MAX_STRING_LENGTH = "prsm.json.maxStringLength";
    public static final String MAX_NUMBER_LENGTH = "prsm.json.maxNumberLength";
    public static final String MAX_NAME_LENGTH = "prsm.json.maxNameLength";
    public static final String MAX_BYTES = "prsm.json.maxBytes";
    public static final String MAX_TOKENS = "prsm.json.maxTokens";

    /** 100 levels, 8 Mi-character strings, 100-digit numbers, 1,000-character names, 16 MiB, 2,000,000 tokens. */
    public static final JsonLimits DEFAULTS = new JsonLimits(100, 8 << 20, 100, 1_000, 16L << 20, 2_000_000);

    public JsonLimits {
        positive(MAX_DEPTH, maxDepth);
        positive(MAX_STRING_LENGTH, maxStringLength);
        positive(MAX_NUMBER_LENGTH, maxNumberLength);
        positive(MAX_NAME_LENGTH, maxNameLength);
        positive(MAX_BYTES, maxBytes);
        positive(MAX_TOKENS, maxTokens);
    }

    /**
     * The limits the properties set, the defaults for those they leave out.
     *
     * @throws IllegalArgumentException naming the property whose value is not a positive number
     */
    public static JsonLimits from(Function<String, String> properties) {
        JsonLimits d = DEFAULTS;
        return new JsonLimits(Settings.count(properties, MAX_DEPTH, d.maxDepth),
                (int) Math.min(Integer.MAX_VALUE, Settings.size(properties, MAX_STRING_LENGTH, d.maxStringLength)),
                Settings.count(properties, MAX_NUMBER_LENGTH, d.maxNumberLength),
                Settings.count(properties, MAX_NAME_LENGTH, d.maxNameLength),
                Settings.size(properties, MAX_BYTES, d.maxBytes),
                Settings.size(properties, MAX_TOKENS, d.maxTokens));
    }

    /** These limits with documents of at most {@code bytes}, for a source with a lower size limit of its own. */
    public JsonLimits withMaxBytes(long bytes) {
        return new JsonLimits(maxDepth, maxStringLength, maxNumberLength, maxNameLength, Math.min(maxBytes, bytes),
                maxTokens);
    }

    private static void positive(String property, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, not " + value);
        }
    }
}
