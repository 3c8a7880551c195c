package io.prsm.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class JsonValuesTest {

    @Test
    public void theCopyIsDeepAndUnmodifiable() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new HashMap<>(Map.of("tags", tags));
        Map<String, Object> copy = JsonValues.copyOf(Map.of("nested", nested));
        tags.add("b");
        nested.put("more", 1);
        assertEquals(Map.of("nested", Map.of("tags", List.of("a"))), copy);
        assertThrows(UnsupportedOperationException.class, () -> copy.put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> copiedTags = (List<Object>) ((Map<String, Object>) copy.get("nested")).get("tags");
        assertThrows(UnsupportedOperationException.class, () -> copiedTags.add("c"));
    }

    @Test
    public void theStrictCopyTakesOnlyJsonLeaves() {
        assertEquals(Map.of("n", 1, "b", true), JsonValues.strictCopyOf(Map.of("n", 1, "b", true)));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JsonValues.strictCopyOf(Map.of("when", List.of(new Object()))));
        assertTrue(refused.getMessage(), refused.getMessage().contains("java.lang.Object"));
        // the lenient copy keeps such a value as it is
        Object kept = new Object();
        assertEquals(kept, JsonValues.copyOf(Map.of("k", kept)).get("k"));
    }

    @Test
    public void aValueNestedDeeperThanTheLimitIsRefusedInOneLineNotWithAStackOverflow() {
        List<Object> deepest = new ArrayList<>();
        Map<String, Object> root = Map.of("deep", deepest);
        List<Object> inner = deepest;
        for (int i = 0; i < 200_000; i++) {
            List<Object> next = new ArrayList<>();
            inner.add(next);
            inner = next;
        }
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JsonValues.copyOf(root));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("JSON values nest at most 1000 maps and lists"));
        assertThrows(IllegalArgumentException.class, () -> JsonValues.strictCopyOf(root));
    }

    @Test
    public void aValueThatContainsItselfIsRefused() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        assertThrows(IllegalArgumentException.class, () -> JsonValues.copyOf(loop));
    }

    @Test
    public void valuesNestedUpToTheLimitAreCopiedInOrder() {
        // 999 maps and, in the innermost, a list: 1000 levels
        Map<String, Object> root = new java.util.LinkedHashMap<>();
        root.put("z", 1);
        Map<String, Object> inner = root;
        for (int i = 1; i < 999; i++) {
            Map<String, Object> next = new java.util.LinkedHashMap<>();
            inner.put("in", next);
            inner = next;
        }
        inner.put("leaf", List.of("x", 2));
        root.put("a", 3);
        Map<String, Object> copy = JsonValues.copyOf(root);
        assertEquals(List.of("z", "in", "a"), List.copyOf(copy.keySet()));
        Object walk = copy;
        for (int i = 1; i < 999; i++) {
            walk = ((Map<?, ?>) walk).get("in");
        }
        assertEquals(List.of("x", 2), ((Map<?, ?>) walk).get("leaf"));
        assertEquals(root.toString().length(), copy.toString().length());
    }
}
