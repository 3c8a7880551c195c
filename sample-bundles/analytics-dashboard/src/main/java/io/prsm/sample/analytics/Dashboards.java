package io.prsm.sample.analytics;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginException;
import io.prsm.api.PluginStorage;
import io.prsm.api.Task;

/**
 * Dashboards kept in the plugin's {@link PluginStorage}, one JSON document per dashboard under
 * the key {@code dashboard-<id>}. A dashboard is a name and widgets; each widget shows one metric
 * path (its data source) as a chart type.
 *
 * <p>Concurrent semantics: thread-safe; creation is synchronized so two creates of one name
 * cannot both succeed.
 */
final class Dashboards {

    /** {@code chart} is the tutorial's: a chart whose kind the viewer picks. */
    static final Set<String> WIDGET_TYPES = Set.of("chart", "line_chart", "bar_chart", "pie_chart", "gauge", "counter",
            "table");
    /**
     * The tutorial's data sources, named by what they show rather than by a metric path: each
     * stands for a whole metric group (a widget of a group shows all its values).
     */
    static final Map<String, String> TUTORIAL_SOURCES = Map.of("metrics", "tasks", "system_metrics", "system",
            "user_data", "plugins");
    private static final String PREFIX = "dashboard-";
    private static final int MAX_NAME = 100;

    private final PluginStorage storage;
    private final ObjectMapper mapper;
    private final int maxDashboards;

    Dashboards(PluginStorage storage, ObjectMapper mapper, int maxDashboards) {
        this.storage = storage;
        this.mapper = mapper;
        this.maxDashboards = maxDashboards;
    }

    /** Validates and stores a new dashboard; returns it. */
    synchronized Map<String, Object> create(Task task, Map<String, Object> metrics) throws PluginException {
        String name = task.requireString("name").strip();
        if (name.length() > MAX_NAME) {
            throw new InvalidTaskException("Dashboard name is " + name.length() + " characters; at most " + MAX_NAME
                    + " are allowed.");
        }
        String id = slug(name);
        if (id.isEmpty()) {
            throw new InvalidTaskException("Dashboard name '" + name + "' needs at least one letter or digit.");
        }
        List<Object> widgets = task.getList("widgets");
        if (widgets.isEmpty()) {
            throw new InvalidTaskException("Dashboard '" + name + "' needs at least one widget, for example "
                    + "{\"type\":\"gauge\",\"data_source\":\"system.heap_used_ratio\"}.");
        }
        List<Map<String, Object>> checked = new ArrayList<>();
        for (int i = 0; i < widgets.size(); i++) {
            checked.add(widget(i, widgets.get(i), metrics));
        }
        try {
            if (storage.get(PREFIX + id).isPresent()) {
                throw new InvalidTaskException("A dashboard '" + id + "' exists already. Pick another name or delete "
                        + "it with {\"type\":\"delete_dashboard\",\"config\":{\"dashboard_id\":\"" + id + "\"}}.");
            }
            if (storage.keys(PREFIX).size() >= maxDashboards) {
                throw new InvalidTaskException("There are already " + maxDashboards + " dashboards, the configured "
                        + "maximum (max_dashboards). Delete one first.");
            }
            Map<String, Object> dashboard = new LinkedHashMap<>();
            dashboard.put("dashboard_id", id);
            dashboard.put("name", name);
            dashboard.put("widgets", checked);
            dashboard.put("created_at", Instant.now().toString());
            storage.put(PREFIX + id, mapper.writeValueAsString(dashboard));
            Map<String, Object> created = new LinkedHashMap<>(dashboard);
            created.put("dashboard_name", name);
            return created;
        } catch (IOException e) {
            throw new PluginException("Could not store dashboard '" + id + "': " + e.getMessage(), e);
        }
    }

    Optional<Map<String, Object>> find(String id) throws PluginException {
        try {
            Optional<String> json = storage.get(PREFIX + id);
            return json.isEmpty() ? Optional.empty() : Optional.of(parse(json.get()));
        } catch (IllegalArgumentException malformedKey) {
            throw new InvalidTaskException("'" + id + "' is not a dashboard id; list them with "
                    + "{\"type\":\"list_dashboards\"}.");
        } catch (IOException e) {
            throw new PluginException("Could not read dashboard '" + id + "': " + e.getMessage(), e);
        }
    }

    List<Map<String, Object>> all() throws PluginException {
        List<Map<String, Object>> dashboards = new ArrayList<>();
        try {
            for (String key : storage.keys(PREFIX)) {
                Optional<String> json = storage.get(key);
                if (json.isPresent()) {
                    dashboards.add(parse(json.get()));
                }
            }
        } catch (IOException e) {
            throw new PluginException("Could not read the dashboards: " + e.getMessage(), e);
        }
        return dashboards;
    }

    boolean delete(String id) throws PluginException {
        try {
            return storage.delete(PREFIX + id);
        } catch (IllegalArgumentException malformedKey) {
            return false;
        } catch (IOException e) {
            throw new PluginException("Could not delete dashboard '" + id + "': " + e.getMessage(), e);
        }
    }

    /** The dashboard with each widget's current value from {@code metrics}. */
    static Map<String, Object> render(Map<String, Object> dashboard, Map<String, Object> metrics) {
        Map<String, Object> rendered = new LinkedHashMap<>(dashboard);
        List<Map<String, Object>> widgets = new ArrayList<>();
        for (Object widget : (List<?>) dashboard.getOrDefault("widgets", List.of())) {
            Map<String, Object> shown = new LinkedHashMap<>();
            ((Map<?, ?>) widget).forEach((key, value) -> shown.put(String.valueOf(key), value));
            shown.put("value", MetricsView.resolve(metrics, metricPath(String.valueOf(shown.get("data_source")))));
            widgets.add(shown);
        }
        rendered.put("widgets", widgets);
        return rendered;
    }

    private Map<String, Object> widget(int index, Object raw, Map<String, Object> metrics) throws InvalidTaskException {
        if (!(raw instanceof Map<?, ?> widget)) {
            throw new InvalidTaskException("Widget " + (index + 1) + " must be an object with 'type' and 'data_source'.");
        }
        Object type = widget.get("type");
        Object source = widget.get("data_source");
        if (!(type instanceof String) || !(source instanceof String)) {
            throw new InvalidTaskException("Widget " + (index + 1) + " needs a 'type' and a 'data_source' string.");
        }
        if (!WIDGET_TYPES.contains(type)) {
            throw new InvalidTaskException("Widget " + (index + 1) + " has type '" + type + "'; use one of "
                    + String.join(", ", WIDGET_TYPES.stream().sorted().toList()) + ".");
        }
        String path = metricPath((String) source);
        if (MetricsView.resolve(metrics, path) == null && !MetricsView.paths(metrics).contains(path)) {
            throw new InvalidTaskException("Widget " + (index + 1) + " has data_source '" + source + "', which is no "
                    + "metric. Use one of: " + String.join(", ", TUTORIAL_SOURCES.keySet().stream().sorted().toList())
                    + ", " + String.join(", ", MetricsView.paths(metrics)) + ".");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("type", type);
        checked.put("data_source", source);
        Object title = widget.get("title");
        checked.put("title", title instanceof String text ? text : source);
        return checked;
    }

    /** The metric path a data source names: a tutorial name's group, or the path itself. */
    static String metricPath(String source) {
        return TUTORIAL_SOURCES.getOrDefault(source, source);
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    }

    private Map<String, Object> parse(String json) throws IOException {
        return mapper.readValue(json, new TypeReference<Map<String, Object>>() { });
    }
}
