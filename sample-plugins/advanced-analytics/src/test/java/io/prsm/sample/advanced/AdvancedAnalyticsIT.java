package io.prsm.sample.advanced;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmHarness;

/** The plugin in a real runtime: hooks in, dashboard out, guarded by tokens and permissions. */
public class AdvancedAnalyticsIT {

    private static final String DASHBOARD = "/api/v1/analytics/dashboard";

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")));

    @Test
    public void declaresItsHooksAndEndpoint() throws Exception {
        assertEquals("advanced-analytics", prsm.pluginId());
        assertEquals(List.of("user_login", "message_sent"), prsm.hooks());
        assertEquals(List.of(DASHBOARD + " (analytics_read)"), prsm.endpoints());
    }

    @Test
    public void theDashboardNeedsATokenWithAnalyticsRead() throws Exception {
        HttpAnswer anonymous = prsm.anonymous("GET", DASHBOARD);
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.error(), anonymous.error().contains("Bearer"));
        HttpAnswer lacking = prsm.get(DASHBOARD, "reports_read");
        assertEquals(403, lacking.status());
        assertTrue(lacking.error(), lacking.error().contains("analytics_read"));
        assertTrue(prsm.shell("prsm:audit 5"), prsm.shell("prsm:audit 5").contains("lacks analytics_read"));
    }

    /** Issue 18: the endpoint of a stopped plugin answers 503 (it is there, not running), as the runbook says. */
    @Test
    public void theDashboardOfAStoppedPluginAnswers503() throws Exception {
        prsm.shell("prsm:stop advanced-analytics");
        HttpAnswer stopped = prsm.get(DASHBOARD, "analytics_read");
        assertEquals(503, stopped.status());
        assertTrue(stopped.error(), stopped.error().contains("is stopped, not active"));
        prsm.shell("prsm:start advanced-analytics");
        assertEquals(200, prsm.get(DASHBOARD, "analytics_read").status());
    }

    @Test
    public void publishedHooksShowOnTheDashboard() throws Exception {
        assertEquals("user_login delivered to 1 subscriber",
                prsm.fireHook("user_login", Map.of("user_id", "u1", "timestamp", "2025-08-31T10:00:00Z")));
        prsm.fireHook("message_sent", Map.of("user_id", "u1", "content", "This is great!",
                "timestamp", "2025-08-31T11:00:00Z"));

        HttpAnswer answer = prsm.get(DASHBOARD + "?user_id=u1", "analytics_read");
        assertEquals(answer.body().toString(), 200, answer.status());
        JsonNode dashboard = answer.body();
        assertEquals(2, dashboard.get("total_events").asInt());
        assertEquals(1, dashboard.get("login_count").asInt());
        assertEquals(1, dashboard.get("message_count").asInt());
        assertEquals(1.0, dashboard.get("avg_sentiment").asDouble(), 0.0);
        assertEquals("positive", dashboard.get("recent_activity").get(1).get("sentiment").asText());

        assertEquals(404, prsm.get(DASHBOARD + "?user_id=nobody", "analytics_read").status());
    }

    @Test
    public void aHookWithoutTheSubscribePermissionNeverArrives() throws Exception {
        // the operator withholds the optional permission: message_sent must not reach the plugin
        prsm.updatePolicy("{\"plugins\": {\"advanced-analytics\": {\"deny\": [\"subscribe_message_sent\"]}}}");

        assertEquals("message_sent delivered to 0 subscribers",
                prsm.fireHook("message_sent", Map.of("user_id", "u2", "content", "hello")));
        assertEquals("user_login delivered to 1 subscriber", prsm.fireHook("user_login", Map.of("user_id", "u2")));
        JsonNode seen = prsm.execute("user_analytics", Map.of("user_id", "u2")).get("data");
        assertEquals(seen.toString(), 0, seen.get("message_count").asInt());
        assertEquals(seen.toString(), 1, seen.get("login_count").asInt());
        assertTrue(prsm.shell("prsm:audit 20").contains("subscribe message_sent"));
    }

    @Test
    public void aBodyThatIsNotJsonOrTooLargeIsRefusedWithoutAStackTrace() throws Exception {
        HttpAnswer notJson = prsm.post("/api/v1/plugins/advanced-analytics/tasks", "not json at all", "prsm_admin");
        assertEquals(400, notJson.status());
        HttpAnswer huge = prsm.post("/api/v1/plugins/advanced-analytics/tasks", "x".repeat(1024 * 1024), "prsm_admin");
        assertEquals(413, huge.status());
        assertFalse(huge.body().toString().contains("Exception"));
        assertFalse(notJson.body().toString().contains("at io.prsm"));
        // the plugin's endpoint too, whatever method it serves
        assertEquals(413, prsm.post(DASHBOARD, "y".repeat(1024 * 1024), "analytics_read").status());
        assertEquals(400, prsm.post(DASHBOARD, "[1, 2", "analytics_read").status());
    }

    @Test
    public void configurationChangesTheRunningPluginAndABadValueIsRefused() throws Exception {
        for (int i = 0; i < 5; i++) {
            prsm.fireHook("user_login", Map.of("user_id", "u3", "timestamp", "2025-08-31T10:0" + i + ":00Z"));
        }
        assertEquals(5, prsm.get(DASHBOARD, "analytics_read").body().get("recent_activity").size());

        prsm.configure("recent_events", "2");
        assertEquals(2, prsm.get(DASHBOARD, "analytics_read").body().get("recent_activity").size());

        Exception refused = assertThrows(Exception.class, () -> prsm.configure("recent_events", "0"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("recent_events"));
        Exception notANumber = assertThrows(Exception.class, () -> prsm.configure("recent_events", "many"));
        assertTrue(notANumber.getMessage(), notANumber.getMessage().contains("many"));
        assertEquals(2, prsm.get(DASHBOARD, "analytics_read").body().get("recent_activity").size());
        assertTrue(prsm.shell("prsm:config advanced-analytics").contains("override"));
    }

    @Test
    public void dataSurvivesARestartOfThePluginAndOfTheRuntime() throws Exception {
        prsm.fireHook("user_login", Map.of("user_id", "u4"));
        prsm.restartPlugin();
        assertEquals(1, prsm.get(DASHBOARD + "?user_id=u4", "analytics_read").body().get("login_count").asInt());
        prsm.restartRuntime();
        assertEquals(1, prsm.get(DASHBOARD + "?user_id=u4", "analytics_read").body().get("login_count").asInt());
    }

    @Test
    public void withoutEventAdminAHookCannotBePublishedAndTheOperatorIsToldWhy() throws Exception {
        try (AutoCloseable failed = prsm.failPlatformBundle("org.apache.felix.eventadmin")) {
            Exception refused = assertThrows(Exception.class, () -> prsm.fireHook("user_login", Map.of("user_id", "u5")));
            assertTrue(refused.getMessage(), refused.getMessage().contains("Event Admin is not running"));
            // the endpoint still answers from what is stored
            assertEquals(200, prsm.get(DASHBOARD, "analytics_read").status());
        }
        // Event Admin is back and takes hooks again; whether it has re-read its subscribers yet depends on
        // its own asynchronous configuration, so only the publishing is asserted here
        assertTrue(prsm.fireHook("user_login", Map.of("user_id", "u5")).startsWith("user_login delivered to "));
    }
}
