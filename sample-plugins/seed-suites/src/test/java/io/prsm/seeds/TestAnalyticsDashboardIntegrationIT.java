package io.prsm.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.PrsmExtension;

/**
 * The PRSM tutorial's {@code tests/test_integration.py}, class
 * {@code TestAnalyticsDashboardIntegration}: the whole workflow in a real runtime, where the seed
 * mocked the SDK.
 */
class TestAnalyticsDashboardIntegrationIT {

    @RegisterExtension
    static PrsmExtension prsm = PrsmExtension.forPlugin(SeedPlugins.analyticsDashboard());

    @Test
    void test_full_dashboard_workflow() throws Exception {
        assertEquals("active", prsm.info().get("state").asText());

        JsonNode create = prsm.execute("create_dashboard", Map.of("name", "Integration Test Dashboard",
                "widgets", List.of(Map.of("type", "chart", "data_source", "system_metrics"),
                        Map.of("type", "table", "data_source", "user_data"))));
        assertTrue(create.get("success").asBoolean(), create.toString());
        String dashboardId = create.get("data").get("dashboard_id").asText();

        JsonNode report = prsm.execute("generate_report", Map.of("type", "dashboard_summary",
                "dashboard_id", dashboardId));
        assertTrue(report.get("success").asBoolean(), report.toString());
        assertEquals(2, report.get("data").get("dashboard").get("widgets").size());

        JsonNode export = prsm.execute("export_data", Map.of("format", "csv", "data_type", "metrics"));
        assertTrue(export.get("success").asBoolean(), export.toString());
        assertEquals("csv", export.get("data").get("format").asText());

        // the seed's cleanup, plugin.shutdown(): the runtime stops the plugin
        prsm.shell("prsm:stop " + prsm.pluginId());
        assertEquals("stopped", prsm.info().get("state").asText());
    }
}
