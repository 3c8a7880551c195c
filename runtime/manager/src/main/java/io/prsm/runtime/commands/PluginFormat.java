package io.prsm.runtime.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.prsm.api.runtime.ConfigValue;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.api.runtime.ValidationReport;

/**
 * Renders plugin snapshots as the plain-text tables and blocks the shell prints.
 *
 * <p>Concurrent semantics: stateless.
 */
final class PluginFormat {

    /** The width of the label column of {@link #info}, its colon included. */
    private static final int LABEL_WIDTH = 15;

    private PluginFormat() {
    }

    static String table(List<PluginInfo> plugins) {
        if (plugins.isEmpty()) {
            return "No plugins installed. Install one with prsm:install PATH_OR_URL.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "BUNDLE", "PLUGIN", "VERSION", "TYPE", "LEVEL", "STATE" });
        for (PluginInfo p : plugins) {
            rows.add(new String[] { String.valueOf(p.bundleId()), p.pluginId(), p.version(), p.type(),
                    p.securityLevel(), p.state().id() });
        }
        return columns(rows);
    }

    static String info(PluginInfo p) {
        StringBuilder out = new StringBuilder();
        line(out, "Plugin", p.pluginId() + " " + p.version());
        line(out, "Name", p.name());
        line(out, "Description", p.description());
        line(out, "Vendor", p.vendor());
        line(out, "Bundle", p.bundleId() + " from " + p.location());
        line(out, "Type", p.type());
        line(out, "Security level", p.securityLevel());
        line(out, "State", p.state().id());
        line(out, "Capabilities", String.join(", ", p.capabilities()));
        line(out, "Permissions", describePermissions(p));
        line(out, "Granted", p.grantedPermissions().isEmpty() ? "none" : String.join(", ", p.grantedPermissions()));
        line(out, "Resources", String.format(Locale.ROOT, "memory %s, cpu %.2f cores, storage %s", bytes(p.memory()),
                p.cpu(), bytes(p.storage())));
        line(out, "Hooks", p.hooks().isEmpty() ? "none" : String.join(", ", p.hooks()));
        line(out, "Endpoints", p.endpoints().isEmpty() ? "none" : String.join(", ", p.endpoints()));
        line(out, "Task types", taskTypes(p.taskTypes()));
        line(out, "Last error", p.lastError() == null ? "none" : p.lastError());
        out.append(metrics(p.metrics()));
        if (!p.threadsNotStopped().isEmpty()) {
            // only when there are: such a thread is the exception, and the JVM cannot end it
            line(out, "Threads that did not stop", p.threadsNotStopped().size() + " still running (restart the "
                    + "runtime to end them): " + String.join("; ", p.threadsNotStopped()));
        }
        return out.toString().stripTrailing();
    }

    /**
     * Lines of other services ({@code Label: value}: entitlements, containment) in the look of
     * {@link #info}: labels capitalized, values aligned, in the info's column or, when a label is
     * longer, in one column of their own. A line with no label is kept as it is.
     */
    static String labelled(List<String> lines) {
        int width = LABEL_WIDTH;
        for (String text : lines) {
            int colon = text.indexOf(": ");
            width = Math.max(width, colon + 1);
        }
        StringBuilder out = new StringBuilder();
        for (String text : lines) {
            int colon = text.indexOf(": ");
            if (colon <= 0) {
                out.append(text).append(System.lineSeparator());
            } else {
                String label = Character.toUpperCase(text.charAt(0)) + text.substring(1, colon + 1);
                out.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", label, text.substring(colon + 2)));
            }
        }
        return out.toString().stripTrailing();
    }

    static String configuration(List<ConfigValue> values) {
        if (values.isEmpty()) {
            return "No configuration values (the plugin describes none and no layer sets any).";
        }
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] { "KEY", "VALUE", "LAYER", "DESCRIPTION" });
        for (ConfigValue value : values) {
            rows.add(new String[] { value.key(), value.value(), value.layer(), value.description() });
        }
        return columns(rows);
    }

    static String metrics(PluginMetrics m) {
        StringBuilder out = new StringBuilder();
        line(out, "Tasks", String.format(Locale.ROOT, "%d submitted, %d succeeded, %d failed (%d rejected, %d timed out),"
                + " %d retries; %d queued, %d running; %d invalid (callers' mistakes, not failures)", m.submitted(),
                m.succeeded(), m.failed(), m.rejected(), m.timedOut(), m.retries(), m.queued(), m.running(),
                m.invalid()));
        line(out, "Error rate", String.format(Locale.ROOT, "%.1f%% (%d consecutive failures)", m.errorRate() * 100,
                m.consecutiveFailures()));
        line(out, "Latency", String.format(Locale.ROOT, "p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms",
                m.p50Millis(), m.p95Millis(), m.p99Millis(), m.maxMillis()));
        line(out, "CPU", String.format(Locale.ROOT, "%.3f ms", m.cpuNanos() / 1e6));
        line(out, "Allocated", bytes(m.allocatedBytes()));
        return out.toString();
    }

    static String metricsTable(List<PluginInfo> plugins, PluginMetrics totals) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] { "PLUGIN", "TASKS", "FAILED", "ERROR%", "P50ms", "P95ms", "P99ms", "CPUms", "ALLOC" });
        for (PluginInfo p : plugins) {
            rows.add(metricsRow(p.pluginId(), p.metrics()));
        }
        rows.add(metricsRow("(all)", totals));
        return columns(rows);
    }

    static String report(ValidationReport report) {
        String subject = report.pluginId().isEmpty() ? report.location()
                : report.pluginId() + " " + report.version() + " (" + report.location() + ")";
        if (report.valid()) {
            return subject + ": valid\n  task types: " + taskTypes(report.taskTypes());
        }
        StringBuilder out = new StringBuilder(subject + ": invalid, " + report.problems().size() + " problem"
                + (report.problems().size() == 1 ? "" : "s"));
        report.problems().forEach(problem -> out.append("\n  - ").append(problem));
        return out.toString();
    }

    private static String taskTypes(java.util.List<String> types) {
        return types.isEmpty() ? "not declared (@PrsmPlugin(taskTypes = ...))" : String.join(", ", types);
    }

    private static String[] metricsRow(String name, PluginMetrics m) {
        return new String[] { name, String.valueOf(m.submitted()), String.valueOf(m.failed()),
                String.format(Locale.ROOT, "%.1f", m.errorRate() * 100), String.format(Locale.ROOT, "%.3f", m.p50Millis()),
                String.format(Locale.ROOT, "%.3f", m.p95Millis()), String.format(Locale.ROOT, "%.3f", m.p99Millis()),
                String.format(Locale.ROOT, "%.1f", m.cpuNanos() / 1e6), bytes(m.allocatedBytes()) };
    }

    private static String describePermissions(PluginInfo p) {
        List<String> all = new ArrayList<>(p.requiredPermissions());
        p.optionalPermissions().forEach(optional -> all.add(optional + " (optional)"));
        return all.isEmpty() ? "none" : String.join(", ", all);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %s%n", label + ":",
                value == null || value.isEmpty() ? "-" : value));
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String columns(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i] == null ? "" : row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
