package io.prsm.runtime.tasks;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prsm.limits.JsonLimits;
import io.prsm.limits.Quote;

/**
 * Turns a plugin's answer into plain JSON values (maps with string keys, lists, strings, numbers,
 * booleans, null) on the task's own thread, under its deadline, where every act of plugin code
 * still names the plugin. What the runtime then writes (shell, HTTP) is data, not objects: a lazy
 * library iterator that resolves host names as it is read, or a getter that never returns, would
 * otherwise run later on the runtime's thread, as the platform and with no deadline. An endpoint's
 * answer is made plain the same way, on the endpoint's own thread ({@code EndpointAnswer}).
 *
 * <p>Allowed, because reading them runs no code but the JDK's or the plugin's own (whose frames
 * name it): the JDK's strings, boxed numbers, booleans and characters; enums (their name); maps
 * and collections whose class is the JDK's or the plugin's; arrays; records of the plugin (their
 * accessors are its code). Anything else, a library's object included, is refused with its class
 * and where it was, within the {@link JsonLimits} for depth, string length and number of values.
 *
 * <p>Concurrent semantics: stateless; one conversion runs on one thread.
 */
public final class AnswerValues {

    private static final Set<Class<?>> NUMBERS = Set.of(Integer.class, Long.class, Short.class, Byte.class,
            Double.class, Float.class);
    private static final double LOG10_OF_2 = Math.log10(2);

    private final JsonLimits limits;
    private final ClassLoader pluginLoader;
    private long values;

    private AnswerValues(JsonLimits limits, ClassLoader pluginLoader) {
        this.limits = limits;
        this.pluginLoader = pluginLoader;
    }

    /**
     * The answer's data as plain JSON values.
     *
     * @param plugin the plugin that answered: its own collection and record classes are allowed
     * @throws IllegalArgumentException naming what is not a JSON value and where, or which limit it passes
     */
    public static Object plain(Object data, Object plugin, JsonLimits limits) {
        return new AnswerValues(limits, plugin.getClass().getClassLoader()).copy(data, "data", 0);
    }

    /**
     * A big number within the limit for a number's length: its decimal text is written after the
     * task has ended, on the runtime's thread, and turning millions of bits (made in microseconds
     * by a shift) into digits takes the JDK minutes. Judged by its bits, never by writing it.
     */
    private Number bounded(Number number, String where) {
        BigInteger digits = number instanceof BigDecimal decimal ? decimal.unscaledValue() : (BigInteger) number;
        int limit = limits.maxNumberLength();
        // a number of b bits has at most floor(b * log10 2) + 1 decimal digits
        double most = Math.floor(digits.bitLength() * LOG10_OF_2) + 1;
        boolean tooLong = most > limit + 1 || most > limit && digits.abs().toString().length() > limit;
        // a scale past the limit is as many zeros or decimals once the number is written plainly
        if (tooLong || number instanceof BigDecimal decimal && Math.abs((long) decimal.scale()) > limit) {
            throw new IllegalArgumentException(where + " is a number longer than " + limit + " digits");
        }
        return number;
    }

    private Object copy(Object value, String where, int depth) {
        if (++values > limits.maxTokens()) {
            throw new IllegalArgumentException("the answer holds more than " + limits.maxTokens() + " values");
        }
        if (depth > limits.maxDepth()) {
            throw new IllegalArgumentException(where + " is nested deeper than " + limits.maxDepth() + " levels");
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return bounded((Number) value, where);
        }
        if (value == null || value instanceof Boolean || NUMBERS.contains(value.getClass())) {
            return value;
        }
        if (value instanceof String text) {
            if (text.length() > limits.maxStringLength()) {
                throw new IllegalArgumentException(where + " is a string longer than " + limits.maxStringLength()
                        + " characters");
            }
            return text;
        }
        if (value instanceof Character character) {
            return character.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        Class<?> type = value.getClass();
        if (value instanceof Map<?, ?> map && known(type)) {
            Map<String, Object> copied = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = copy(entry.getKey(), where + " key", depth + 1);
                String name = String.valueOf(key);
                // a message names the key as far as a line shows it: the plugin chooses its length
                copied.put(name, copy(entry.getValue(), where + "." + Quote.prefix(name), depth + 1));
            }
            return copied;
        }
        if (value instanceof Collection<?> collection && known(type)) {
            List<Object> copied = new ArrayList<>();
            for (Object element : collection) {
                copied.add(copy(element, where + "[" + copied.size() + "]", depth + 1));
            }
            return copied;
        }
        if (type.isArray()) {
            List<Object> copied = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                copied.add(copy(Array.get(value, i), where + "[" + i + "]", depth + 1));
            }
            return copied;
        }
        if (type.isRecord() && type.getClassLoader() == pluginLoader && pluginLoader != null) {
            return record(value, where, depth);
        }
        throw new IllegalArgumentException(where + " is a " + type.getName() + "; an answer holds only maps, lists, "
                + "strings, numbers, booleans and null (enums, arrays and the plugin's records are turned into those)");
    }

    private Map<String, Object> record(Object value, String where, int depth) {
        Map<String, Object> copied = new LinkedHashMap<>();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field;
            try {
                component.getAccessor().setAccessible(true);
                field = component.getAccessor().invoke(value);
            } catch (InvocationTargetException thrown) {
                throw new IllegalArgumentException(where + "." + component.getName() + " threw "
                        + thrown.getCause(), thrown.getCause());
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                throw new IllegalArgumentException(where + "." + component.getName() + " cannot be read: "
                        + unreadable, unreadable);
            }
            copied.put(component.getName(), copy(field, where + "." + component.getName(), depth + 1));
        }
        return copied;
    }

    /**
     * The JDK's own classes, and the plugin's: reading them runs no library code for the plugin. Not
     * a proxy or a hidden class, even the JDK's: its methods run a handler the plugin chose (a
     * {@code java.beans.EventHandler} calls any method by name) on the task thread.
     */
    private boolean known(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return (loader == null || loader == pluginLoader) && !Proxy.isProxyClass(type) && !type.isHidden();
    }
}
