package io.prsm.sample.advanced;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.ConfigurablePlugin;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginStorage;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.OptionalPermission;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.ServesEndpoint;
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

/**
 * The runbook's advanced analytics plugin. It tracks {@code user_login} and {@code message_sent}
 * hooks per user, scores each message's sentiment, keeps the events in its storage, and serves
 * {@code GET /api/v1/analytics/dashboard[?user_id=U]} to callers holding {@code analytics_read}.
 *
 * <p>Tasks: {@code user_analytics} ({@code user_id}) and {@code sentiment} ({@code text}).
 * Configuration (changeable while it runs): {@code recent_events}, {@code retained_events}.
 *
 * <p>Concurrent semantics: thread-safe; hooks, requests and tasks may arrive at once.
 */
@PrsmPlugin(id = "advanced-analytics", version = "1.0.0", type = PluginType.ANALYTICS, level = SecurityLevel.SANDBOX,
        capabilities = { "behavior_tracking", "sentiment_analysis", "dashboards" }, storage = 20_971_520L)
@RequiresPermission("subscribe_user_login")
@OptionalPermission("subscribe_message_sent")
@ServesEndpoint("/api/v1/analytics/dashboard")
@Component(service = { Plugin.class, HookHandler.class, Endpoint.class }, property = {
        HookHandler.HOOKS + "=user_login", HookHandler.HOOKS + "=message_sent",
        Endpoint.PATH + "=/api/v1/analytics/dashboard", Endpoint.PERMISSION + "=analytics_read" })
public final class AdvancedAnalyticsPlugin implements ConfigurablePlugin, HookHandler, Endpoint {

    private final PluginStorage storage;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SentimentScorer sentiment = new SentimentScorer();
    private volatile ActivityLog log;
    private volatile int recentEvents;

    @Activate
    public AdvancedAnalyticsPlugin(@Reference PluginStorage storage) {
        this.storage = storage;
    }

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        reconfigure(config);
    }

    @Override
    public void reconfigure(PluginConfig config) throws PluginException {
        int recent = config.getInt("recent_events", 10);
        int retained = config.getInt("retained_events", 1000);
        if (recent < 1 || retained < recent) {
            throw new PluginException("recent_events must be at least 1 and at most retained_events (" + retained + ")");
        }
        log = new ActivityLog(storage, mapper, retained);
        recentEvents = recent;
    }

    @Override
    public void onHook(HookEvent event) throws IOException {
        String userId = event.text("user_id", null);
        if (userId == null) {
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("event", event.hook().equals("user_login") ? "login" : event.hook());
        entry.put("timestamp", event.text("timestamp", event.time().toString()));
        if (event.hook().equals("message_sent")) {
            String content = event.text("content", "");
            entry.put("sentiment", sentiment.label(content));
            entry.put("length", content.length());
        }
        log.append(userId, entry);
    }

    @Override
    public EndpointResponse handle(EndpointRequest request) throws PluginException {
        try {
            String userId = request.parameter("user_id", null);
            if (userId != null) {
                List<Map<String, Object>> events = log.events(userId);
                if (events.isEmpty()) {
                    // the runbook's answer, word for word
                    return EndpointResponse.error(404, "No analytics data available");
                }
                Map<String, Object> dashboard = dashboard(events);
                dashboard.put("user_id", userId);
                return EndpointResponse.ok(dashboard);
            }
            Map<String, List<Map<String, Object>>> all = log.all();
            List<Map<String, Object>> events = new ArrayList<>();
            all.values().forEach(events::addAll);
            events.sort(Comparator.comparing(event -> String.valueOf(event.get("timestamp"))));
            Map<String, Object> dashboard = dashboard(events);
            dashboard.put("users", all.size());
            return EndpointResponse.ok(dashboard);
        } catch (IOException storageFailed) {
            throw new PluginException("The analytics store could not be read: " + storageFailed.getMessage());
        }
    }

    private Map<String, Object> dashboard(List<Map<String, Object>> events) {
        long logins = events.stream().filter(event -> "login".equals(event.get("event"))).count();
        List<Map<String, Object>> messages = events.stream()
                .filter(event -> "message_sent".equals(event.get("event"))).toList();
        double average = messages.stream()
                .mapToDouble(event -> SentimentScorer.value(String.valueOf(event.get("sentiment")))).average()
                .orElse(0.0);
        Map<String, Object> dashboard = new LinkedHashMap<>();
        dashboard.put("total_events", events.size());
        dashboard.put("login_count", logins);
        dashboard.put("message_count", messages.size());
        dashboard.put("avg_sentiment", average);
        int recent = recentEvents;
        dashboard.put("recent_activity", events.subList(Math.max(0, events.size() - recent), events.size()));
        dashboard.put("generated_at", Instant.now().toString());
        return dashboard;
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return switch (task.type()) {
                case "user_analytics" -> {
                    List<Map<String, Object>> events = log.events(task.requireString("user_id"));
                    yield PluginResponse.success(dashboard(events));
                }
                case "sentiment" -> {
                    String text = task.requireString("text");
                    yield PluginResponse.success(Map.of("label", sentiment.label(text), "score", sentiment.score(text)));
                }
                default -> throw new InvalidTaskException("Unknown task type '" + task.type()
                        + "'; this plugin runs user_analytics and sentiment");
            };
        } catch (IOException | UncheckedIOException storageFailed) {
            throw PluginException.retryable("The analytics store failed: " + storageFailed.getMessage(), "STORAGE_FAILED");
        }
    }

    @Override
    public void shutdown() {
        // everything is in the plugin's storage already
    }
}
