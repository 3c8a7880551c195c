package io.prsm.sample.classifier;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmHarness;

/** The classifier trains inside the runtime, from the bundle, at the isolated level. */
public class TextClassifierIT {

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")));

    @Test
    public void predictsThroughExecute() throws Exception {
        JsonNode answer = prsm.execute("predict", Map.of("text", "my parcel never arrived"));
        assertTrue(answer.toString(), answer.get("success").asBoolean());
        assertEquals("shipping", answer.get("data").get("label").asText());
    }

    @Test
    public void smoothingRetrainsTheRunningModel() throws Exception {
        JsonNode before = prsm.execute("model_info", Map.of()).get("data");
        assertEquals(60, before.get("training_examples").asInt());
        assertEquals(1.0, before.get("smoothing").asDouble(), 0.0);
        prsm.configure("smoothing", "0.1");
        JsonNode after = prsm.execute("model_info", Map.of()).get("data");
        assertEquals(0.1, after.get("smoothing").asDouble(), 0.0);
        assertTrue(after.get("leave_one_out_accuracy").asDouble() > 0.25);
    }
}
