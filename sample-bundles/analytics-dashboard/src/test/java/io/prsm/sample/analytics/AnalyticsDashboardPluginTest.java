package io.prsm.sample.analytics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Before;
import org.junit.Test;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.JvmStats;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * The plugin against snapshots the test chooses: every figure it reports must come from the
 * snapshot the runtime hands it.
 */
public class AnalyticsDashboardPluginTest {

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");

    private final MemoryStorage storage = new MemoryStorage();
    private final AtomicReference<RuntimeSnapshot> current = new AtomicReference<>();
    private AnalyticsDashboardPlugin plugin;

    @Before
    public void initialize() throws PluginException {
        current.set(snapshot(1_000_000, plugin("analytics-dashboard", PluginState.ACTIVE, 10, 0, null),
                plugin("word-stats", PluginState.FAILED, 4, 2, "initialize failed")));
        plugin = new AnalyticsDashboardPlugin(current::get, storage);
        plugin.initialize(new TestConfig(Map.of(), Set.of("read_analytics_data", "write_dashboard_config")));
    }

    private static PluginInfo plugin(String id, PluginState state, long tasks, long failed, String lastError) {
        PluginMetrics metrics = new PluginMetrics(tasks, tasks - failed, failed, 0, 0, 0, 0, 0, (int) failed,
                1.5, 4.0, 9.0, 12.0, 2_000_000, 4096);
        return new PluginInfo(7, id, "1.0.0", "analytics", "sandbox", state, id, "", "", "file:/x.jar",
                List.of("data_visualization"), List.of(), List.of(), Set.of(), 1, 0.25, 1, lastError, metrics,
                List.of(), List.of());
    }

    private static RuntimeSnapshot snapshot(long heapUsed, PluginInfo... plugins) {
        JvmStats jvm = new JvmStats(heapUsed, 2 * heapUsed, 4 * heapUsed, 500, 0.25, 1_000_000_000L, 0.5, 2, 30,
                4000, 3, 15, 60_000);
        PluginMetrics totals = new PluginMetrics(14, 12, 2, 0, 0, 0, 0, 0, 2, 1.5, 4.0, 9.0, 12.0, 4_000_000, 8192);
        return new RuntimeSnapshot(STARTED.plusSeconds(60), STARTED, "1.0.0", List.of(plugins), totals, jvm);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> run(String type, Map<String, Object> config) throws PluginException {
        PluginResponse response = plugin.execute(new Task(type, config));
        assertTrue(String.valueOf(response.error()), response.success());
        return map(response.data());
    }

    @Test
    public void metricsComeFromTheRuntimeSnapshot() throws PluginException {
        Map<String, Object> metrics = map(run("get_metrics", Map.of()).get("metrics"));
        Map<String, Object> plugins = map(metrics.get("plugins"));
        assertEquals(2, plugins.get("total"));
        assertEquals(1L, plugins.get("active"));
        assertEquals(1L, plugins.get("failed"));
        assertEquals(1_000_000L, map(metrics.get("system")).get("heap_used_bytes"));
        assertEquals(0.25, map(metrics.get("system")).get("heap_used_ratio"));
        assertEquals(14L, map(metrics.get("tasks")).get("submitted"));
        assertEquals(2.0 / 14, (double) map(metrics.get("tasks")).get("error_rate"), 1e-9);
    }

    @Test
    public void metricsCanBeLimitedToSomeGroups() throws PluginException {
        Map<String, Object> metrics = map(run("get_metrics", Map.of("types", List.of("system"))).get("metrics"));
        assertEquals(Set.of("system"), metrics.keySet());
        assertThrows(InvalidTaskException.class,
                () -> plugin.execute(new Task("get_metrics", Map.of("types", List.of("weather")))));
    }

    @Test
    public void dashboardIsStoredAndShowsCurrentValues() throws PluginException {
        Map<String, Object> created = run("create_dashboard", Map.of("name", "Ops Overview", "widgets",
                List.of(Map.of("type", "gauge", "data_source", "system.heap_used_bytes"))));
        assertEquals("ops-overview", created.get("dashboard_id"));
        assertTrue(storage.values.containsKey("dashboard-ops-overview"));

        current.set(snapshot(3_000_000));
        Map<String, Object> shown = run("get_dashboard", Map.of("dashboard_id", "ops-overview"));
        List<?> widgets = (List<?>) shown.get("widgets");
        assertEquals(3_000_000L, map(widgets.get(0)).get("value"));
        assertEquals(1, ((List<?>) run("list_dashboards", Map.of()).get("dashboards")).size());

        run("delete_dashboard", Map.of("dashboard_id", "ops-overview"));
        assertTrue(storage.values.isEmpty());
    }

    @Test
    public void dashboardNeedsANameAndValidWidgets() {
        InvalidTaskException noName = assertThrows(InvalidTaskException.class, () -> plugin.execute(new Task(
                "create_dashboard", Map.of("widgets", List.of(Map.of("type", "gauge", "data_source", "system.threads"))))));
        assertTrue(noName.getMessage(), noName.getMessage().contains("'name'"));
        InvalidTaskException noSource = assertThrows(InvalidTaskException.class, () -> plugin.execute(new Task(
                "create_dashboard", Map.of("name", "x", "widgets", List.of(Map.of("type", "gauge"))))));
        assertTrue(noSource.getMessage(), noSource.getMessage().contains("data_source"));
        InvalidTaskException unknownSource = assertThrows(InvalidTaskException.class, () -> plugin.execute(new Task(
                "create_dashboard", Map.of("name", "x", "widgets",
                        List.of(Map.of("type", "gauge", "data_source", "weather.rain")))))) ;
        assertTrue(unknownSource.getMessage(), unknownSource.getMessage().contains("system.heap_used_bytes"));
        InvalidTaskException badType = assertThrows(InvalidTaskException.class, () -> plugin.execute(new Task(
                "create_dashboard", Map.of("name", "x", "widgets",
                        List.of(Map.of("type", "hologram", "data_source", "system.threads"))))));
        assertTrue(badType.getMessage(), badType.getMessage().contains("hologram"));
        assertThrows(InvalidTaskException.class, () -> plugin.execute(new Task("create_dashboard",
                Map.of("name", "x", "widgets", List.of()))));
        assertTrue("nothing is stored for a refused dashboard", storage.values.isEmpty());
    }

    @Test
    public void duplicateDashboardIsRefused() throws PluginException {
        Map<String, Object> config = Map.of("name", "Main", "widgets",
                List.of(Map.of("type", "counter", "data_source", "plugins.total")));
        run("create_dashboard", config);
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> plugin.execute(new Task("create_dashboard", config)));
        assertTrue(e.getMessage(), e.getMessage().contains("exists already"));
    }

    @Test
    public void reportCallsOutTheFailedPlugin() throws PluginException {
        Map<String, Object> report = run("generate_report", Map.of("type", "summary"));
        assertEquals("Analytics Report - Summary", report.get("title"));
        assertEquals(60L, map(report.get("period")).get("seconds"));
        List<?> advice = (List<?>) report.get("recommendations");
        assertTrue(advice.toString(), advice.stream().anyMatch(a -> a.toString().contains("word-stats has failed")));
        assertThrows(InvalidTaskException.class,
                () -> plugin.execute(new Task("generate_report", Map.of("type", "horoscope"))));
    }

    @Test
    public void mostFailingPluginsListsOnlyPluginsThatFailed() throws PluginException {
        List<?> failing = (List<?>) run("generate_report", Map.of("type", "summary")).get("most_failing_plugins");
        assertEquals(1, failing.size());
        assertEquals("word-stats", map(failing.get(0)).get("plugin_id"));
        current.set(snapshot(1000, plugin("analytics-dashboard", PluginState.ACTIVE, 10, 0, null)));
        assertEquals(List.of(), run("generate_report", Map.of("type", "summary")).get("most_failing_plugins"));
    }

    @Test
    public void healthyRuntimeGetsNoWarnings() throws PluginException {
        current.set(snapshot(1000, plugin("analytics-dashboard", PluginState.ACTIVE, 10, 0, null)));
        List<?> advice = (List<?>) run("generate_report", Map.of()).get("recommendations");
        assertEquals(1, advice.size());
        assertTrue(advice.toString(), advice.get(0).toString().startsWith("No problems found: 1 of 1 plugins active"));
    }

    @Test
    public void csvExportHasAHeaderAndOneRowPerPlugin() throws PluginException {
        Map<String, Object> export = run("export_data", Map.of("format", "csv", "data_type", "plugins"));
        String[] lines = export.get("content").toString().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0], lines[0].startsWith("plugin_id,version,type"));
        assertTrue(lines[2], lines[2].startsWith("word-stats,1.0.0,analytics,sandbox,failed,4,2,0.5"));
        assertTrue(export.get("filename").toString().endsWith(".csv"));
    }

    @Test
    public void jsonExportAndUnsupportedFormat() throws PluginException {
        Map<String, Object> export = run("export_data", Map.of("format", "json"));
        assertTrue(export.get("content").toString().contains("\"plugin_id\" : \"word-stats\""));
        InvalidTaskException e = assertThrows(InvalidTaskException.class,
                () -> plugin.execute(new Task("export_data", Map.of("format", "excel"))));
        assertTrue(e.getMessage(), e.getMessage().contains("csv, json"));
    }

    @Test
    public void unknownTaskTypeIsAnInvalidTask() {
        InvalidTaskException e = assertThrows(InvalidTaskException.class, () -> plugin.execute(Task.of("launch")));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Unknown task type 'launch'"));
    }

    @Test
    public void initializeNeedsTheReadPermission() {
        AnalyticsDashboardPlugin withoutGrant = new AnalyticsDashboardPlugin(current::get, storage);
        PluginException e = assertThrows(PluginException.class,
                () -> withoutGrant.initialize(new TestConfig(Map.of(), Set.of())));
        assertTrue(e.getMessage(), e.getMessage().contains("read_analytics_data"));
    }

    @Test
    public void outOfRangeConfigurationIsRefused() {
        AnalyticsDashboardPlugin misconfigured = new AnalyticsDashboardPlugin(current::get, storage);
        assertThrows(PluginException.class, () -> misconfigured.initialize(new TestConfig(
                Map.of("error_rate_threshold", "7"), Set.of("read_analytics_data"))));
    }
}
