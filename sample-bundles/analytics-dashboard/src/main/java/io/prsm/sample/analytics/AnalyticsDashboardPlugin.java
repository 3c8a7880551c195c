package io.prsm.sample.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.runtime.RuntimeSnapshot;
import io.prsm.api.runtime.RuntimeStatistics;

/**
 * The analytics dashboard of the plugin tutorial, reporting the runtime's own live measurements:
 * plugin counts and states, task counts, error rates and latencies, JVM heap and CPU.
 *
 * <p>Tasks: {@code get_metrics}, {@code create_dashboard}, {@code get_dashboard},
 * {@code list_dashboards}, {@code delete_dashboard}, {@code generate_report} and
 * {@code export_data}. Configuration: {@code max_dashboards} (default 50),
 * {@code error_rate_threshold} (default 0.05), {@code heap_threshold} (default 0.8).
 *
 * <p>Concurrent semantics: thread-safe; {@code execute} may run concurrently once initialized.
 */
@PrsmPlugin(id = "analytics-dashboard", version = "1.0.0", type = PluginType.ANALYTICS, level = SecurityLevel.SANDBOX,
        capabilities = { "data_visualization", "real_time_analytics", "custom_dashboards", "export_functionality" },
        taskTypes = { "get_metrics", "create_dashboard", "get_dashboard", "list_dashboards", "delete_dashboard",
                "generate_report", "export_data" },
        memory = 268_435_456L, cpu = 0.25, storage = 52_428_800L)
@RequiresPermission("read_analytics_data")
@RequiresPermission("write_dashboard_config")
@OptionalPermission("access_user_metrics")
@Component(service = Plugin.class)
public final class AnalyticsDashboardPlugin implements Plugin {

    static final List<String> TASK_TYPES = List.of("get_metrics", "create_dashboard", "get_dashboard",
            "list_dashboards", "delete_dashboard", "generate_report", "export_data");

    private final RuntimeStatistics statistics;
    private final PluginStorage storage;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Exports exports = new Exports(mapper);
    private volatile Dashboards dashboards;
    private volatile Reports reports;

    @Activate
    public AnalyticsDashboardPlugin(@Reference RuntimeStatistics statistics, @Reference PluginStorage storage) {
        this.statistics = statistics;
        this.storage = storage;
    }

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        if (!config.hasPermission(RuntimeStatistics.PERMISSION)) {
            throw new PluginException("Permission " + RuntimeStatistics.PERMISSION + " is needed to read the "
                    + "runtime's metrics");
        }
        int maxDashboards = config.getInt("max_dashboards", 50);
        double errorRate = config.getDouble("error_rate_threshold", 0.05);
        double heap = config.getDouble("heap_threshold", 0.8);
        if (maxDashboards < 1 || errorRate < 0 || errorRate > 1 || heap <= 0 || heap > 1) {
            throw new PluginException("Configuration out of range: max_dashboards must be at least 1, "
                    + "error_rate_threshold and heap_threshold between 0 and 1");
        }
        dashboards = new Dashboards(storage, mapper, maxDashboards);
        reports = new Reports(errorRate, heap);
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return switch (task.type()) {
            case "get_metrics" -> PluginResponse.success(metrics(task));
            case "create_dashboard" -> PluginResponse.success(dashboards.create(task, MetricsView.all(snapshot())));
            case "get_dashboard" -> PluginResponse.success(Dashboards.render(dashboard(task), MetricsView.all(snapshot())));
            case "list_dashboards" -> PluginResponse.success(Map.of("dashboards", dashboards.all()));
            case "delete_dashboard" -> PluginResponse.success(delete(task));
            case "generate_report" -> PluginResponse.success(report(task));
            case "export_data" -> PluginResponse.success(export(task));
            default -> throw new InvalidTaskException("Unknown task type '" + task.type() + "'. This plugin handles: "
                    + String.join(", ", TASK_TYPES) + ".");
        };
    }

    @Override
    public void shutdown() {
        dashboards = null;
        reports = null;
    }

    private RuntimeSnapshot snapshot() {
        return statistics.snapshot();
    }

    private Map<String, Object> metrics(Task task) throws InvalidTaskException {
        List<Object> requested = task.getList("types");
        List<String> groups = new ArrayList<>();
        for (Object group : requested.isEmpty() ? new ArrayList<Object>(MetricsView.GROUPS) : requested) {
            if (!MetricsView.GROUPS.contains(group)) {
                throw new InvalidTaskException("Metric type '" + group + "' is unknown; use any of "
                        + String.join(", ", MetricsView.GROUPS) + ".");
            }
            groups.add((String) group);
        }
        RuntimeSnapshot snapshot = snapshot();
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String group : groups) {
            metrics.put(group, MetricsView.group(snapshot, group));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", metrics);
        data.put("timestamp", snapshot.takenAt().toString());
        return data;
    }

    private Map<String, Object> dashboard(Task task) throws PluginException {
        String id = task.requireString("dashboard_id");
        return dashboards.find(id).orElseThrow(() -> new InvalidTaskException(
                "No dashboard '" + id + "'; list them with {\"type\":\"list_dashboards\"}."));
    }

    /** A report; {@code dashboard_summary} is the summary with the dashboard {@code dashboard_id} as it shows now. */
    private Map<String, Object> report(Task task) throws PluginException {
        String type = task.getString("type", "summary");
        String timeRange = task.getString("time_range", null);
        RuntimeSnapshot snapshot = snapshot();
        if (!type.equals(Reports.DASHBOARD_SUMMARY)) {
            return reports.build(type, timeRange, snapshot);
        }
        Map<String, Object> report = reports.build(type, timeRange, snapshot);
        report.put("dashboard", Dashboards.render(dashboard(task), MetricsView.all(snapshot)));
        return report;
    }

    private Map<String, Object> delete(Task task) throws PluginException {
        String id = task.requireString("dashboard_id");
        if (!dashboards.delete(id)) {
            throw new InvalidTaskException("No dashboard '" + id + "'; list them with {\"type\":\"list_dashboards\"}.");
        }
        return Map.of("deleted", id);
    }

    private Map<String, Object> export(Task task) throws PluginException {
        String format = task.getString("format", "csv");
        String dataType = task.getString("data_type", "plugins");
        List<Map<String, Object>> rows = switch (dataType) {
            case "plugins" -> snapshot().plugins().stream().map(Reports::pluginRow).toList();
            case "dashboards" -> dashboards.all();
            case "metrics" -> MetricsView.rows(MetricsView.all(snapshot()));
            default -> throw new InvalidTaskException("Data type '" + dataType + "' cannot be exported; use plugins, "
                    + "dashboards or metrics.");
        };
        return exports.export(format, dataType, rows);
    }
}
