package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmExtension;

/**
 * Runs the plugin jar this build made in a real PRSM runtime (one for the class): the tasks go
 * through the runtime's HTTP API, as a caller's would.
 */
class ${className}IT {

    @RegisterExtension
    static PrsmExtension prsm = PrsmExtension.forPlugin(Path.of(System.getProperty("plugin.jar")));

    @Test
    void greetsByName() throws Exception {
        JsonNode answer = prsm.execute("greet", Map.of("name", "PRSM"));
        assertTrue(answer.get("success").asBoolean(), answer.toString());
        assertEquals("Hello, PRSM!", answer.get("data").get("message").asText());
    }

    @Test
    void aGreetingWithoutANameIsRefusedWithTheReason() throws Exception {
        JsonNode answer = prsm.execute("greet", Map.of());
        assertFalse(answer.get("success").asBoolean());
        assertTrue(answer.get("error").asText().contains("name"), answer.toString());
    }
}
