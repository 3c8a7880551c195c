package io.prsm.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
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

    /** Deeper than any JSON the runtime reads (see {@code prsm.json.maxDepth}), shallower than a thread's stack would allow. */
    private static final int MAX_DEPTH = 1000;

    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy of {@code source}; values that are neither maps nor lists are kept
     * as they are.
     *
     * @throws IllegalArgumentException if maps and lists nest more than 1000 deep, or contain themselves
     */
    public static Map<String, Object> copyOf(Map<?, ?> source) {
        return copyObject(source, false);
    }

    /**
     * Like {@link #copyOf}, but only strings, numbers, booleans and {@code null} may be leaves, so
     * no object of one bundle's classes reaches another bundle.
     *
     * @throws IllegalArgumentException naming the first value of another type, or if maps and lists
     *         nest more than 1000 deep
     */
    public static Map<String, Object> strictCopyOf(Map<?, ?> source) {
        return copyObject(source, true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyObject(Map<?, ?> source, boolean strict) {
        return (Map<String, Object>) copyValue(source, strict);
    }

    /**
     * Copies without recursion, one open map or list per level on a stack of its own: a value
     * nested deeper than {@value #MAX_DEPTH} (or one that contains itself) is refused in one line
     * instead of overflowing the caller's thread stack.
     */
    private static Object copyValue(Object value, boolean strict) {
        if (!(value instanceof Map<?, ?> || value instanceof List<?>)) {
            return leaf(value, strict);
        }
        Deque<Level> open = new ArrayDeque<>();
        open.push(new Level(value));
        while (true) {
            Level level = open.peek();
            if (!level.hasNext()) {
                open.pop();
                Object done = level.finish();
                if (open.isEmpty()) {
                    return done;
                }
                open.peek().add(done);
                continue;
            }
            Object child = level.next();
            if (child instanceof Map<?, ?> || child instanceof List<?>) {
                if (open.size() >= MAX_DEPTH) {
                    throw new IllegalArgumentException("JSON values nest at most " + MAX_DEPTH
                            + " maps and lists deep; this one nests deeper, or contains itself");
                }
                open.push(new Level(child));
            } else {
                level.add(leaf(child, strict));
            }
        }
    }

    private static Object leaf(Object value, boolean strict) {
        if (strict && value != null && !(value instanceof String || value instanceof Number
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("JSON values are maps, lists, strings, numbers and booleans, not "
                    + value.getClass().getName());
        }
        return value;
    }

    /** One map or list being copied: the source's remaining items and the copy so far. */
    private static final class Level {
        private final Iterator<?> items;
        private final Map<String, Object> map;
        private final List<Object> list;
        /** The key of the map entry whose value is being copied. */
        private String key;

        Level(Object container) {
            if (container instanceof Map<?, ?> source) {
                items = source.entrySet().iterator();
                map = new LinkedHashMap<>();
                list = null;
            } else {
                List<?> source = (List<?>) container;
                items = source.iterator();
                map = null;
                list = new ArrayList<>(source.size());
            }
        }

        boolean hasNext() {
            return items.hasNext();
        }

        Object next() {
            Object item = items.next();
            if (map == null) {
                return item;
            }
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            key = String.valueOf(entry.getKey());
            return entry.getValue();
        }

        void add(Object copy) {
            if (map != null) {
                map.put(key, copy);
            } else {
                list.add(copy);
            }
        }

        Object finish() {
            return map != null ? Collections.unmodifiableMap(map) : Collections.unmodifiableList(list);
        }
    }
}
