package io.prsm.sample.csv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmHarness;

/** The processor in a real runtime, its delimiter set by the configuration file in the storage folder. */
public class CsvProcessorIT {

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")))
            .withConfigFile("csv-processor", "{\"delimiter\": \"semicolon\"}");

    @Test
    public void transformsWithTheDelimiterFromTheConfigurationFile() throws Exception {
        JsonNode answer = prsm.execute("transform", Map.of("csv", "id;amount\n1;9.99\n2;abc\n",
                "schema", Map.of("id", "integer", "amount", "number")));
        assertTrue(answer.toString(), answer.get("success").asBoolean());
        JsonNode data = answer.get("data");
        assertEquals(1, data.get("valid_rows").asInt());
        assertEquals(9.99, data.get("records").get(0).get("amount").asDouble(), 0.0);
        assertEquals("amount", data.get("errors").get(0).get("column").asText());
        assertTrue(prsm.shell("prsm:config csv-processor").contains("file"));
    }

    @Test
    public void anOptionOutsideTheDescriptionIsRefused() throws Exception {
        Exception refused = org.junit.Assert.assertThrows(Exception.class, () -> prsm.configure("delimiter", "pipe"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("pipe"));
        prsm.configure("delimiter", "comma");
        JsonNode answer = prsm.execute("validate", Map.of("csv", "a,b\n1,2\n", "schema", Map.of("b", "integer")));
        assertEquals(1, answer.get("data").get("valid_rows").asInt());
        assertFalse(answer.get("data").has("records"));
    }
}
