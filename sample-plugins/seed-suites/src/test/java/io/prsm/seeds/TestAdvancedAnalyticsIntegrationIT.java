package io.prsm.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmExtension;

/**
 * The PlexiChat runbook's {@code tests/test_integration.py}, class
 * {@code TestAdvancedAnalyticsIntegration}: what the seed's {@code PluginTestHarness} offered, done
 * by PRSM's harness against a real runtime.
 */
class TestAdvancedAnalyticsIntegrationIT {

    private static final String DASHBOARD = "/api/v1/analytics/dashboard";

    @RegisterExtension
    static PrsmExtension prsm = PrsmExtension.forPlugin(SeedPlugins.advancedAnalytics());

    @Test
    void test_hook_registration() throws Exception {
        List<String> hooks = prsm.hooks();

        assertTrue(hooks.contains("user_login"), hooks.toString());
        assertTrue(hooks.contains("message_sent"), hooks.toString());
        // the seed checks the handlers are callable; here each hook is delivered to the plugin
        assertEquals("user_login delivered to 1 subscriber", prsm.fireHook("user_login", Map.of("user_id", "hooked")));
        assertEquals("message_sent delivered to 1 subscriber",
                prsm.fireHook("message_sent", Map.of("user_id", "hooked", "content", "hi")));
    }

    @Test
    void test_endpoint_registration() throws Exception {
        List<String> endpoints = prsm.endpoints();

        assertTrue(endpoints.stream().anyMatch(endpoint -> endpoint.startsWith(DASHBOARD + " ")), endpoints.toString());
        // the seed's harness called as a caller with permissions; PRSM's endpoint needs analytics_read
        assertEquals(200, prsm.get(DASHBOARD, "analytics_read").status());
    }

    @Test
    void test_permission_enforcement() throws Exception {
        assertEquals(403, prsm.get(DASHBOARD).status());
        assertEquals(200, prsm.get(DASHBOARD, "analytics_read").status());
    }

    @Test
    void test_resource_limits() throws Exception {
        try (AutoCloseable pressure = prsm.simulateMemoryPressure(1200)) {
            int status = prsm.get(DASHBOARD, "analytics_read").status();
            assertTrue(status == 200 || status == 503, "status " + status);
        }
    }

    @Test
    void test_error_handling() throws Exception {
        // the seed's "database_connection" failure: the plugin's store fails under it
        prsm.fireHook("user_login", Map.of("user_id", "before-the-failure"));
        try (AutoCloseable failed = prsm.failStorage()) {
            HttpAnswer response = prsm.get(DASHBOARD, "analytics_read");

            assertEquals(500, response.status());
            assertTrue(response.body().has("error"), response.body().toString());
        }
        assertEquals(200, prsm.get(DASHBOARD + "?user_id=before-the-failure", "analytics_read").status());
    }

    @Test
    void test_data_persistence() throws Exception {
        prsm.fireHook("user_login", Map.of("user_id", "test_user", "timestamp", "2025-08-31T12:00:00Z"));

        prsm.restartPlugin();

        // the seed reads the plugin's analytics_data; here: what the plugin recorded in its storage
        assertTrue(prsm.recorded().values().stream().anyMatch(entry -> entry.contains("2025-08-31T12:00:00Z")),
                prsm.recorded().toString());
        HttpAnswer data = prsm.get(DASHBOARD + "?user_id=test_user", "analytics_read");
        assertEquals(200, data.status(), data.body().toString());
        assertEquals(1, data.body().get("total_events").asInt());
    }
}
