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
}
