package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

import io.prsm.limits.JsonLimits;

/**
 * A plugin's answer turned into plain JSON values on the task's thread: what is JSON already is
 * copied, the plugin's records and enums become maps and names, and anything else (a library's
 * lazy iterator, a bean whose getter may never return) is refused with where it was.
 */
public class AnswerValuesTest {

    /** This test class plays the plugin: its loader is the plugin's loader. */
    private final Object plugin = this;

    record Point(int x, String label, List<Integer> more) {
    }

    enum Colour { RED }

    /** A bean: its getter is code the runtime must not run later as the platform. */
    public static final class Bean {
        public String getValue() {
            throw new AssertionError("the getter ran");
        }
    }

    @Test
    public void jsonValuesAreCopiedAsTheyAre() {
        Map<String, Object> data = new TreeMap<>(Map.of("n", 1, "d", new BigDecimal("2.5"), "s", "text", "b", true,
                "list", List.of(1L, 'c'), "nested", Map.of("k", List.of())));
        Object plain = AnswerValues.plain(data, plugin, JsonLimits.DEFAULTS);
        assertEquals(Map.of("n", 1, "d", new BigDecimal("2.5"), "s", "text", "b", true, "list", List.of(1L, "c"),
                "nested", Map.of("k", List.of())), plain);
    }

    @Test
    public void recordsEnumsArraysAndNonStringKeysBecomeJson() {
        Map<Object, Object> keys = new HashMap<>();
        keys.put(7, Colour.RED);
        Object plain = AnswerValues.plain(List.of(new Point(1, "a", List.of(2)), keys, new int[] { 3, 4 }), plugin,
                JsonLimits.DEFAULTS);
        assertEquals(List.of(Map.of("x", 1, "label", "a", "more", List.of(2)), Map.of("7", "RED"), List.of(3, 4)),
                plain);
    }

    @Test
    public void anObjectThatIsNotJsonIsRefusedWithWhereItWas() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(Map.of("items", List.of("a", new Bean())), plugin, JsonLimits.DEFAULTS));
        assertEquals("data.items[1] is a " + Bean.class.getName() + "; an answer holds only maps, lists, strings, "
                + "numbers, booleans and null (enums, arrays and the plugin's records are turned into those)",
                refused.getMessage());
    }

    @Test
    public void aRefusalNamesAKeyAsFarAsALineShowsIt() {
        // the plugin chooses the key's length; the refusal is logged and audited
        String key = "k".repeat(3_000_000);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(Map.of(key, new Bean()), plugin, JsonLimits.DEFAULTS));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("data." + "k".repeat(60)
                + "... (3000000 characters) is a " + Bean.class.getName()));
    }

    @Test
    public void aLazyIteratorIsRefusedUnread() {
        Iterator<String> lazy = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new AssertionError("the iterator was read");
            }

            @Override
            public String next() {
                throw new AssertionError("the iterator was read");
            }
        };
        assertThrows(IllegalArgumentException.class, () -> AnswerValues.plain(lazy, plugin, JsonLimits.DEFAULTS));
    }

    @Test
    public void aCollectionOfAnotherLoaderIsRefused() {
        // the test's list class plays a library's: the plugin here is an object of the JDK's
        List<String> library = new ArrayList<>() {
        };
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(library, "a plugin of the JDK's loader", JsonLimits.DEFAULTS));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("data is a " + library.getClass().getName()));
    }

    @Test
    public void aProxyOfTheJdksLoaderIsRefusedWithoutCallingItsHandler() {
        // what a java.beans.EventHandler proxy would be: its handler calls any method by name
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(null, new Class<?>[] { Map.class }, (self, method, args) -> {
            throw new AssertionError("the proxy's handler ran: " + method.getName());
        });
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(Map.of("answer", proxy), plugin, JsonLimits.DEFAULTS));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("data.answer is a " + proxy.getClass().getName()));
    }

    @Test
    public void theLimitsHold() {
        JsonLimits small = new JsonLimits(3, 4, 100, 1_000, 1_000, 10);
        assertThrows(IllegalArgumentException.class, () -> AnswerValues.plain(List.of(List.of(List.of(List.of(
                List.of())))), plugin, small));
        assertThrows(IllegalArgumentException.class, () -> AnswerValues.plain("longer", plugin, small));
        assertEquals("the answer holds more than 10 values", assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(new int[20], plugin, small)).getMessage());
    }

    @Test
    public void aBigNumberIsJudgedByItsDigitsWithoutWritingIt() {
        JsonLimits small = new JsonLimits(3, 1_000, 10, 1_000, 1_000, 10);
        BigInteger tenDigits = new BigInteger("-9999999999");
        assertEquals(Map.of("n", tenDigits), AnswerValues.plain(Map.of("n", tenDigits), plugin, small));
        assertEquals("data.n is a number longer than 10 digits", assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(Map.of("n", tenDigits.subtract(BigInteger.ONE)), plugin, small)).getMessage());
        // 2^100,000,000 would take the JDK minutes to write in digits: refused from its bit length
        BigInteger huge = BigInteger.ONE.shiftLeft(100_000_000);
        assertThrows(IllegalArgumentException.class, () -> AnswerValues.plain(huge, plugin, JsonLimits.DEFAULTS));
        assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(new BigDecimal(huge, 2), plugin, JsonLimits.DEFAULTS));
        // a short number whose plain text is a hundred million zeros
        assertThrows(IllegalArgumentException.class,
                () -> AnswerValues.plain(BigDecimal.ONE.scaleByPowerOfTen(100_000_000), plugin, JsonLimits.DEFAULTS));
        assertEquals(new BigDecimal("-12345.6789"), AnswerValues.plain(new BigDecimal("-12345.6789"), plugin, small));
    }
}
