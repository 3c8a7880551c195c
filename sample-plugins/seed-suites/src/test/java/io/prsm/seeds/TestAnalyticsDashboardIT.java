package io.prsm.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmExtension;

/**
 * The PRSM tutorial's {@code tests/test_analytics_plugin.py}, class {@code TestAnalyticsDashboard},
 * with its inputs as written, against the analytics-dashboard sample in a real runtime.
 */
class TestAnalyticsDashboardIT {

    @RegisterExtension
    static PrsmExtension prsm = PrsmExtension.forPlugin(SeedPlugins.analyticsDashboard());

    /** The seed builds a fresh plugin per test; here the runtime is shared, so each test leaves no dashboard. */
    @AfterEach
    void deleteDashboards() throws Exception {
        for (JsonNode dashboard : prsm.execute("list_dashboards", Map.of()).get("data").get("dashboards")) {
            prsm.execute("delete_dashboard", Map.of("dashboard_id", dashboard.get("dashboard_id").asText()));
        }
    }

    @Test
    void test_plugin_initialization() throws Exception {
        // the seed checks its Dash app and cache objects; a PRSM plugin is initialized when the runtime says active
        JsonNode info = prsm.info();
        assertEquals("active", info.get("state").asText(), info.toString());
        assertTrue(prsm.execute("get_metrics", Map.of()).get("success").asBoolean());
    }

    @Test
    void test_create_dashboard_task() throws Exception {
        JsonNode response = prsm.execute("create_dashboard", Map.of("name", "Test Dashboard",
                "widgets", List.of(Map.of("type", "chart", "data_source", "metrics"))));

        assertTrue(response.get("success").asBoolean(), response.toString());
        assertTrue(response.get("data").has("dashboard_id"));
        assertEquals("Test Dashboard", response.get("data").get("dashboard_name").asText());
    }

    @Test
    void test_generate_report_task() throws Exception {
        JsonNode response = prsm.execute("generate_report", Map.of("type", "summary", "time_range", "7d"));

        assertTrue(response.get("success").asBoolean(), response.toString());
        assertTrue(response.get("data").has("title"));
        assertTrue(response.get("data").has("summary"));
        assertEquals("7d", response.get("data").get("period").get("time_range").asText());
    }

    @Test
    void test_invalid_task_type() throws Exception {
        JsonNode response = prsm.execute("invalid_task", Map.of());

        assertFalse(response.get("success").asBoolean());
        assertTrue(response.get("error").asText().contains("Unknown task type"), response.toString());
        // the tutorial's promise: a caller's invalid task does not count against the plugin (the plugin
        // declares its task types, so the runtime answers this one before it reaches the plugin)
        assertTrue(response.get("error").asText().contains("accepts get_metrics"), response.toString());
        JsonNode metrics = prsm.info().get("metrics");
        assertEquals(0, metrics.get("failed").asLong(), metrics.toString());
        assertEquals(0, metrics.get("consecutive_failures").asLong(), metrics.toString());
    }

    @Test
    void test_dashboard_config_validation() throws Exception {
        // the seed calls a private validator; here the same configurations go through create_dashboard
        Map<String, Object> valid = Map.of("name", "Test Dashboard",
                "widgets", List.of(Map.of("type", "chart", "data_source", "metrics")));
        assertTrue(prsm.execute("create_dashboard", valid).get("success").asBoolean());

        Map<String, Object> invalid = Map.of("widgets", List.of(Map.of("type", "chart", "data_source", "metrics")));
        assertFalse(prsm.execute("create_dashboard", invalid).get("success").asBoolean());

        Map<String, Object> invalid2 = Map.of("name", "Test Dashboard");
        assertFalse(prsm.execute("create_dashboard", invalid2).get("success").asBoolean());
    }
}
