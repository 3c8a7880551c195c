package io.prsm.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.prsm.testing.HttpAnswer;
import io.prsm.testing.PrsmExtension;

/**
 * The PlexiChat runbook's {@code tests/test_plugin.py} ({@code test_advanced_analytics}), class
 * {@code TestAdvancedAnalyticsPlugin}, against the advanced-analytics sample in a real runtime. The
 * seed calls the plugin's methods and reads its fields; here the same inputs arrive as the hooks and
 * requests that carry them, and the answers are read from the dashboard endpoint. Each test uses its
 * own user, as the seed's fresh plugin per test has no other user's data.
 */
class TestAdvancedAnalyticsPluginIT {

    private static final String DASHBOARD = "/api/v1/analytics/dashboard";

    @RegisterExtension
    static PrsmExtension prsm = PrsmExtension.forPlugin(SeedPlugins.advancedAnalytics());

    private static JsonNode dashboardOf(String userId) throws Exception {
        HttpAnswer answer = prsm.get(DASHBOARD + "?user_id=" + userId, "analytics_read");
        assertEquals(200, answer.status(), answer.body().toString());
        return answer.body();
    }

    @Test
    void test_plugin_initialization() throws Exception {
        // the seed's name is "advanced_analytics"; PRSM plugin ids are lower case with dashes
        assertEquals("advanced-analytics", prsm.pluginId());
        assertEquals("active", prsm.info().get("state").asText());
        // the seed's analytics_data and models dicts: the plugin's store and its sentiment model answer
        assertTrue(prsm.execute("sentiment", Map.of("text", "fine")).get("success").asBoolean());
    }

    @Test
    void test_track_login() throws Exception {
        prsm.fireHook("user_login", Map.of("user_id", "user123", "timestamp", "2025-08-31T12:00:00Z"));

        JsonNode events = dashboardOf("user123").get("recent_activity");
        assertEquals(1, events.size());
        assertEquals("login", events.get(0).get("event").asText());
    }

    @Test
    void test_analyze_message_positive() throws Exception {
        prsm.fireHook("message_sent", Map.of("content", "This is a great feature!", "user_id", "user-positive",
                "timestamp", "2025-08-31T12:00:00Z"));

        JsonNode events = dashboardOf("user-positive").get("recent_activity");
        assertEquals(1, events.size());
        assertEquals("message_sent", events.get(0).get("event").asText());
        assertEquals("positive", events.get(0).get("sentiment").asText());
    }

    @Test
    void test_dashboard_endpoint_no_data() throws Exception {
        HttpAnswer result = prsm.get(DASHBOARD + "?user_id=user456", "analytics_read");

        assertTrue(result.body().has("error"));
        assertEquals("No analytics data available", result.error());
        assertEquals(404, result.status());
    }

    @Test
    void test_dashboard_endpoint_with_data() throws Exception {
        prsm.fireHook("user_login", Map.of("user_id", "user-with-data", "timestamp", "2025-08-31T10:00:00Z"));
        // 20 characters, positive; 15 characters, neutral: the seed's stored events, made by the hooks
        prsm.fireHook("message_sent", Map.of("user_id", "user-with-data", "content", "Great work, thanks!!",
                "timestamp", "2025-08-31T11:00:00Z"));
        prsm.fireHook("message_sent", Map.of("user_id", "user-with-data", "content", "It is a Monday.",
                "timestamp", "2025-08-31T12:00:00Z"));

        JsonNode result = dashboardOf("user-with-data");
        assertEquals(3, result.get("total_events").asInt());
        assertEquals(1, result.get("login_count").asInt());
        assertEquals(2, result.get("message_count").asInt());
        assertTrue(result.has("avg_sentiment"));
        assertTrue(result.has("recent_activity"));
        assertEquals(20, result.get("recent_activity").get(1).get("length").asInt());
        assertEquals("neutral", result.get("recent_activity").get(2).get("sentiment").asText());
    }

    @Test
    void test_sentiment_analysis() throws Exception {
        assertEquals("positive", sentiment("This is great!"));
        assertEquals("negative", sentiment("This is terrible!"));
        assertEquals("neutral", sentiment("This is okay"));
    }

    @Test
    void test_calculate_avg_sentiment() throws Exception {
        for (String content : new String[] { "This is great!", "This is terrible!", "This is okay" }) {
            prsm.fireHook("message_sent", Map.of("user_id", "user-average", "content", content));
        }
        prsm.fireHook("user_login", Map.of("user_id", "user-average")); // non-message event

        // (1.0 + (-1.0) + 0.0) / 3 = 0.0
        assertEquals(0.0, dashboardOf("user-average").get("avg_sentiment").asDouble(), 0.0);
    }

    private static String sentiment(String text) throws Exception {
        return prsm.execute("sentiment", Map.of("text", text)).get("data").get("label").asText();
    }
}
