package io.prsm.limits;

import static io.prsm.limits.JarInspectorTest.assertOneLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

public class BoundedJsonTest {

    private final BoundedJson json = BoundedJson.of(JsonLimits.DEFAULTS);

    @Test
    public void aTaskWithinTheLimitsIsRead() throws Exception {
        JsonNode task = json.read("{\"type\":\"convert\",\"config\":{\"value\":100,\"from\":\"C\"}}", "The task");
        assertEquals("convert", task.get("type").asText());
    }

    /** The three documents: each was a NullPointerException on the error path (no location). */
    @Test
    public void documentsOverJacksonsLimitsAreRefusedInOneLineNamingTheLimit() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertRefused(deep, "is nested deeper than 100 levels (prsm.json.maxDepth)");
        assertRefused("{\"n\":" + "9".repeat(5000) + "}", "has a number longer than 100 characters "
                + "(prsm.json.maxNumberLength)");
        String hugeString = "{\"s\":\"" + "x".repeat(50 << 20) + "\"}";
        assertRefused(hugeString, "longer than the 16777216 a JSON document may be (prsm.json.maxBytes)");
        assertRefused("{\"s\":\"" + "x".repeat(9 << 20) + "\"}", "has a string longer than 8388608 characters "
                + "(prsm.json.maxStringLength)");
        assertRefused("{\"" + "k".repeat(2000) + "\":1}", "has a field name longer than 1000 characters");
    }

    @Test
    public void aDocumentOverTheByteLimitIsRefusedWhileStreaming() {
        BoundedJson small = BoundedJson.of(new JsonLimits(100, 1000, 100, 100, 64, 1000));
        JsonInputException refused = assertThrows(JsonInputException.class, () -> small.read(
                new java.io.ByteArrayInputStream(("[" + "1,".repeat(100) + "1]").getBytes(StandardCharsets.UTF_8)),
                "The body"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("(prsm.json.maxBytes)"));
        assertTrue(refused.overLimit());
    }

    @Test
    public void tooManyTokensAreRefused() {
        BoundedJson small = BoundedJson.of(new JsonLimits(100, 1000, 100, 100, 1 << 20, 50));
        JsonInputException refused = assertThrows(JsonInputException.class,
                () -> small.read("[" + "1,".repeat(100) + "1]", "The task"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("more than 50 values (prsm.json.maxTokens)"));
    }

    @Test
    public void malformedJsonSaysWhereAndQuotesOnlyAPrefix() {
        JsonInputException refused = assertThrows(JsonInputException.class,
                () -> json.read("{\"type\": " + "nonsense".repeat(10_000) + "}", "The task"));
        assertFalse(refused.overLimit());
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("The task is not valid JSON: Unrecognized token"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("(line 1, column "));
        assertOneLine(refused.getMessage());
    }

    @Test
    public void aReaderWithoutEchoNeverQuotesTheContent() {
        BoundedJson file = json.withoutEcho();
        for (String broken : List.of("root:x:0:0:root:/root:/bin/bash", "{\"a\": secret-value}", "{\"a\":1,\"a\":2}",
                "{\"a\": \"unterminated secret", "{\"k\": \"tab\tsecret\"}", "[1, 2] secret")) {
            JsonInputException refused = assertThrows(JsonInputException.class, () -> file.read(broken, "policy.json"));
            assertFalse(refused.getMessage(), refused.getMessage().contains("secret") || refused.getMessage().contains("root"));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("policy.json is not valid JSON: "));
            assertOneLine(refused.getMessage());
        }
    }

    @Test
    public void aRepeatedFieldAndASecondDocumentAreRefused() {
        assertTrue(assertThrows(JsonInputException.class, () -> json.read("{\"type\":\"a\",\"type\":\"b\"}", "The task"))
                .getMessage().contains("Duplicate field 'type'"));
        assertTrue(assertThrows(JsonInputException.class, () -> json.read("{} {}", "The task")).getMessage()
                .contains("Trailing token"));
        assertTrue(assertThrows(JsonInputException.class, () -> json.read("   ", "The task")).getMessage()
                .equals("The task is empty; it must be one JSON value."));
    }

    @Test
    public void aValueBuiltInMemoryMeetsTheSameLimitsWithoutRecursing() throws Exception {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        JsonInputException refused = assertThrows(JsonInputException.class, () -> json.check(cyclic, "The task"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("nested deeper than 100 levels"));

        Object deep = "leaf";
        for (int i = 0; i < 100_000; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThrows(JsonInputException.class, () -> json.check(tooDeep, "The task"));

        List<Object> wide = new ArrayList<>();
        wide.add("x".repeat(9 << 20));
        assertTrue(assertThrows(JsonInputException.class, () -> json.check(Map.of("csv", wide), "The task"))
                .getMessage().contains("prsm.json.maxStringLength"));
        json.check(Map.of("a", List.of(1, 2.5, true, "x"), "b", Map.of()), "The task");
    }

    private void assertRefused(String document, String says) {
        JsonInputException refused = assertThrows(JsonInputException.class, () -> json.read(document, "The task"));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("The task is refused: it "));
        assertTrue(refused.getMessage(), refused.getMessage().contains(says));
        assertTrue(refused.overLimit());
        assertOneLine(refused.getMessage());
    }
}
