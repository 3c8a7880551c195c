package io.prsm.runtime.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginState;

/**
 * Liveness and readiness in the shape of Apache Felix Health Checks' servlet ({@code overall_result},
 * {@code results} with {@code name}, {@code status}, {@code tags}, {@code finished_at},
 * {@code messages}), written in the admin API's one JSON style: Felix's keys in snake_case and its
 * statuses lower-case ({@code ok}, {@code warn}, {@code temporarily_unavailable}); anything but ok
 * or warn answers 503, as Felix's servlet does.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Health {

    private Health() {
    }

    /** Alive: this servlet answers and the plugin manager lists its plugins. */
    static Map<String, Object> liveness(PluginManager plugins) {
        int count = plugins.list().size();
        return report("liveness", "ok", List.of(message("ok", "The runtime answers; " + count + " plugins installed.")));
    }

    /** Ready: no plugin is still starting; failed plugins are a warning, not unreadiness. */
    static Map<String, Object> readiness(PluginManager plugins) {
        List<Map<String, Object>> messages = new ArrayList<>();
        String status = "ok";
        for (PluginInfo plugin : plugins.list()) {
            if (plugin.state() == PluginState.INITIALIZED || plugin.state() == PluginState.RESOLVED) {
                status = "temporarily_unavailable";
                messages.add(message(status, "Plugin '" + plugin.pluginId() + "' is still starting ("
                        + plugin.state().id() + ")."));
            } else if (plugin.state() == PluginState.FAILED) {
                status = status.equals("ok") ? "warn" : status;
                messages.add(message("warn", "Plugin '" + plugin.pluginId() + "' failed: " + plugin.lastError()));
            }
            if (!plugin.threadsNotStopped().isEmpty()) {
                status = status.equals("ok") ? "warn" : status;
                messages.add(message("warn", "Plugin '" + plugin.pluginId() + "' has threads that did not stop: "
                        + String.join("; ", plugin.threadsNotStopped())));
            }
        }
        if (messages.isEmpty()) {
            messages.add(message("ok", "Every plugin has settled."));
        }
        return report("readiness", status, messages);
    }

    /** The HTTP status Felix's health servlet gives {@code overall_result}. */
    static int httpStatus(Map<String, Object> report) {
        Object result = report.get("overall_result");
        return "ok".equals(result) || "warn".equals(result) ? 200 : 503;
    }

    private static Map<String, Object> report(String tag, String status, List<Map<String, Object>> messages) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", "PRSM " + tag);
        result.put("status", status);
        result.put("tags", List.of(tag));
        result.put("finished_at", Instant.now().toString());
        result.put("messages", messages);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("overall_result", status);
        report.put("results", List.of(result));
        return report;
    }

    private static Map<String, Object> message(String status, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("status", status);
        message.put("message", text);
        return message;
    }
}
