package io.prsm.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, unmodifiable copies of JSON-shaped values (maps, lists, strings, numbers, booleans,
 * {@code null}), as tasks, hook payloads and endpoint bodies keep them, so no one who handed a
 * value over, nor anyone it was handed to, can change it afterwards.
 *
 * <p>Concurrent semantics: stateless; the copies are immutable.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** A deep, unmodifiable copy of {@code source}; values that are neither maps nor lists are kept as they are. */
    public static Map<String, Object> copyOf(Map<?, ?> source) {
        return copyObject(source, false);
    }

    /**
     * Like {@link #copyOf}, but only strings, numbers, booleans and {@code null} may be leaves, so
     * no object of one bundle's classes reaches another bundle.
     *
     * @throws IllegalArgumentException naming the first value of another type
     */
    public static Map<String, Object> strictCopyOf(Map<?, ?> source) {
        return copyObject(source, true);
    }

    private static Map<String, Object> copyObject(Map<?, ?> source, boolean strict) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value, strict)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, boolean strict) {
        if (value instanceof Map<?, ?> map) {
            return copyObject(map, strict);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copyValue(element, strict)));
            return Collections.unmodifiableList(copy);
        }
        if (strict && value != null && !(value instanceof String || value instanceof Number
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("JSON values are maps, lists, strings, numbers and booleans, not "
                    + value.getClass().getName());
        }
        return value;
    }
}
