package io.prsm.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of work for a plugin: a {@code type} that says what to do and a JSON-shaped
 * {@code config} that says how. Immutable: the configuration is deep-copied on construction.
 *
 * <p>The typed accessors answer a missing or mistyped field with an {@link InvalidTaskException}
 * whose message names the field, so a plugin can pass it straight back to the caller.
 *
 * @param type what to do, for example {@code create_dashboard}; never blank
 * @param config the task's parameters: maps, lists, strings, numbers, booleans and nulls
 */
public record Task(String type, Map<String, Object> config) {

    public Task {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("A task needs a non-blank type");
        }
        config = config == null ? Map.of() : JsonValues.copyOf(config);
    }

    /** A task without parameters. */
    public static Task of(String type) {
        return new Task(type, Map.of());
    }

    /** The value at {@code key}, if present and not null. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(config.get(key));
    }

    /** The string at {@code key}, or {@code defaultValue} if absent. */
    public String getString(String key, String defaultValue) throws InvalidTaskException {
        Object value = config.get(key);
        return value == null ? defaultValue : asString(key, value);
    }

    /** The non-blank string at {@code key}. */
    public String requireString(String key) throws InvalidTaskException {
        Object value = config.get(key);
        if (value == null) {
            throw new InvalidTaskException("Task '" + type + "' needs config field '" + key + "'");
        }
        String text = asString(key, value);
        if (text.isBlank()) {
            throw new InvalidTaskException("Config field '" + key + "' of task '" + type + "' must not be blank");
        }
        return text;
    }

    /** The integral number at {@code key}, or {@code defaultValue} if absent. */
    public long getLong(String key, long defaultValue) throws InvalidTaskException {
        Object value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        throw mistyped(key, "a whole number", value);
    }

    /** The boolean at {@code key}, or {@code defaultValue} if absent. */
    public boolean getBoolean(String key, boolean defaultValue) throws InvalidTaskException {
        Object value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw mistyped(key, "true or false", value);
    }

    /** The list at {@code key}, or an empty list if absent. */
    public List<Object> getList(String key) throws InvalidTaskException {
        Object value = config.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(list);
        }
        throw mistyped(key, "a list", value);
    }

    /** The object at {@code key}, or an empty map if absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(String key) throws InvalidTaskException {
        Object value = config.get(key);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw mistyped(key, "an object", value);
    }

    private String asString(String key, Object value) throws InvalidTaskException {
        if (value instanceof String text) {
            return text;
        }
        throw mistyped(key, "a string", value);
    }

    private InvalidTaskException mistyped(String key, String expected, Object actual) {
        return new InvalidTaskException("Config field '" + key + "' of task '" + type + "' must be "
                + expected + ", not " + describe(actual));
    }

    private static String describe(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String text) {
            return "the string \"" + text + "\"";
        }
        return String.valueOf(value);
    }
}
