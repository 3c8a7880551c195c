package io.prsm.sample.units;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmHarness;

/** The converter at the isolated level in a real runtime. */
public class UnitConverterIT {

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")));

    @Test
    public void convertsThroughTheRuntime() throws Exception {
        JsonNode answer = prsm.execute("convert", Map.of("value", 10, "from", "km", "to", "mi"));
        assertTrue(answer.toString(), answer.get("success").asBoolean());
        assertEquals(6.213712, answer.get("data").get("value").asDouble(), 0.0);
        assertTrue(prsm.info().get("hooks").isEmpty());
    }

    @Test
    public void aMistakeInTheTaskIsAnsweredNotCrashed() throws Exception {
        JsonNode answer = prsm.execute("convert", Map.of("value", 1, "from", "kg", "to", "m"));
        assertFalse(answer.get("success").asBoolean());
        assertTrue(answer.get("error").asText(), answer.get("error").asText().contains("Cannot convert mass"));
    }

    @Test
    public void precisionChangesWhileItRuns() throws Exception {
        prsm.configure("precision", "2");
        assertEquals(6.21, prsm.execute("convert", Map.of("value", 10, "from", "km", "to", "mi"))
                .get("data").get("value").asDouble(), 0.0);
        Exception refused = assertThrows(Exception.class, () -> prsm.configure("precision", "40"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("precision"));
        assertEquals(6.21, prsm.execute("convert", Map.of("value", 10, "from", "km", "to", "mi"))
                .get("data").get("value").asDouble(), 0.0);
    }
}
