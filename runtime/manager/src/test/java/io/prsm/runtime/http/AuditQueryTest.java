package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class AuditQueryTest {

    private static final List<Map<?, ?>> LOG = new ArrayList<>();
    static {
        for (int i = 0; i < 10; i++) {
            LOG.add(Map.of("n", i, "plugin", i % 2 == 0 ? "even" : "odd", "decision", i % 3 == 0 ? "grant" : "deny",
                    "layer", i < 5 ? "http" : "resolve"));
        }
    }

    private static List<Object> numbers(Map<String, String> query) throws ApiError {
        return AuditQuery.of(query::get).page(LOG).stream().map(entry -> entry.get("n")).map(Object.class::cast)
                .toList();
    }

    @Test
    public void filtersCombineAndPagesCountBackFromTheNewest() throws ApiError {
        assertEquals(List.of(6, 8), numbers(Map.of("plugin", "even", "layer", "resolve", "entries", "2")));
        assertEquals(List.of(0, 2, 4), numbers(Map.of("plugin", "even", "entries", "3", "offset", "2")));
        assertEquals(List.of(0, 3, 6, 9), numbers(Map.of("decision", "grant")));
        assertEquals(List.of(1, 2, 4, 5, 7, 8), numbers(Map.of("decision", "deny")));
        assertEquals(List.of(), numbers(Map.of("offset", "10")));
    }

    @Test
    public void aWrongParameterIsOneClearError() {
        ApiError decision = assertThrows(ApiError.class, () -> numbers(Map.of("decision", "maybe")));
        assertEquals("decision must be grant or deny, not 'maybe'.", decision.getMessage());
        ApiError entries = assertThrows(ApiError.class, () -> numbers(Map.of("entries", "0")));
        assertEquals("entries must be a number from 1 to 10000, not '0'.", entries.getMessage());
        assertEquals(400, entries.status());
    }
}
