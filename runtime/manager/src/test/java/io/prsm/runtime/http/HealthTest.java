package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/**
 * Health answers are in the admin API's one JSON style (snake_case keys,
 * lower-case statuses) and have exactly the shape the OpenAPI description gives them.
 */
public class HealthTest {

    @Test
    @SuppressWarnings("unchecked")
    public void healthAnswerHasTheKeysAndStatusesTheOpenApiSchemaNames() {
        Map<String, Object> report = Health.liveness(OpenApiTest.NO_PLUGINS);
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) OpenApi
                .document().get("components")).get("schemas")).get("Health");
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        assertEquals(properties.keySet(), report.keySet());
        Map<String, Object> resultSchema = (Map<String, Object>) ((Map<String, Object>) properties.get("results"))
                .get("items");
        Map<String, Object> result = ((List<Map<String, Object>>) report.get("results")).get(0);
        assertEquals(((Map<String, Object>) resultSchema.get("properties")).keySet(), result.keySet());
        List<?> statuses = (List<?>) ((Map<String, Object>) properties.get("overall_result")).get("enum");
        assertTrue(statuses.contains(report.get("overall_result")));
        assertEquals("ok", report.get("overall_result"));
        assertEquals(200, Health.httpStatus(report));
    }

    @Test
    public void everyKeyOfAHealthAnswerIsSnakeCase() {
        Set<String> keys = new TreeSet<>();
        collectKeys(Health.readiness(OpenApiTest.NO_PLUGINS), keys);
        List<String> wrong = new ArrayList<>();
        for (String key : keys) {
            if (!key.matches("[a-z]+(_[a-z]+)*")) {
                wrong.add(key);
            }
        }
        assertTrue("not snake_case: " + wrong, wrong.isEmpty());
        assertTrue(keys.toString(), keys.containsAll(Set.of("overall_result", "finished_at", "messages")));
    }

    private static void collectKeys(Object json, Set<String> keys) {
        if (json instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                keys.add(String.valueOf(key));
                collectKeys(value, keys);
            });
        } else if (json instanceof List<?> list) {
            list.forEach(item -> collectKeys(item, keys));
        }
    }
}
