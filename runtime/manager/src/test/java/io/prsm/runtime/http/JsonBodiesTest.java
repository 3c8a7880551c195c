package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

public class JsonBodiesTest {

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonBodies bodies = new JsonBodies(() -> mapper, 16);

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void readsOneJsonObjectOrNothing() throws Exception {
        assertEquals(Map.of("a", 1), bodies.read(-1, body("{\"a\": 1}")));
        assertEquals(Map.of(), bodies.read(0, body("")));
    }

    @Test
    public void aBodyOverTheLimitIs413WhetherDeclaredOrNot() {
        ByteArrayInputStream declared = body("{\"a\": \"" + "x".repeat(100) + "\"}");
        assertEquals(413, assertThrows(ApiError.class, () -> bodies.read(110, declared)).status());
        // the oversized body was read and dropped, so the client can read the answer
        assertEquals(0, declared.available());
        assertEquals(413, assertThrows(ApiError.class, () -> bodies.read(-1, body("x".repeat(17)))).status());
    }

    @Test
    public void anythingButAJsonObjectIs400() {
        for (String wrong : new String[] { "not json", "[1]", "{} {}", "null" }) {
            ApiError error = assertThrows(ApiError.class, () -> bodies.read(-1, body(wrong)));
            assertEquals(wrong, 400, error.status());
            assertTrue(error.getMessage(), error.getMessage().contains("JSON object"));
        }
    }
}
