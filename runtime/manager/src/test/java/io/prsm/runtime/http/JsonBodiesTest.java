package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.Test;

import io.prsm.limits.BoundedJson;
import io.prsm.limits.JsonLimits;

public class JsonBodiesTest {

    private final JsonBodies bodies = new JsonBodies(BoundedJson.of(JsonLimits.DEFAULTS), 16,
            java.time.Duration.ofSeconds(5));

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

    /** The bodies: each was a 500 with a stack trace (Jackson gives a limit no location). */
    @Test
    public void aBodyOverAJsonLimitIs413AndMalformedTextIs400NeverA500() {
        JsonBodies large = new JsonBodies(BoundedJson.of(JsonLimits.DEFAULTS), 1 << 20, java.time.Duration.ofSeconds(5));
        ApiError deep = assertThrows(ApiError.class, () -> large.read(-1, body("[".repeat(2000) + "]".repeat(2000))));
        assertEquals(413, deep.status());
        assertTrue(deep.getMessage(), deep.getMessage().contains("nested deeper than 100 levels (prsm.json.maxDepth)"));
        ApiError number = assertThrows(ApiError.class, () -> large.read(-1, body("{\"n\":" + "9".repeat(5000) + "}")));
        assertEquals(413, number.status());
        ApiError broken = assertThrows(ApiError.class, () -> large.read(-1, body("{\"a\": " + "x".repeat(100_000))));
        assertEquals(400, broken.status());
        assertTrue(broken.getMessage(), broken.getMessage().length() < 400);
    }

    @Test
    public void aBodyThatStopsArrivingIs408() {
        java.io.InputStream stalled = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("java.util.concurrent.TimeoutException: Idle timeout expired");
            }
        };
        assertEquals(408, assertThrows(ApiError.class, () -> bodies.read(-1, stalled)).status());
    }
}
