package io.prsm.sample.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;
import io.prsm.api.runtime.RuntimeSnapshot;

/**
 * Builds reports from what the runtime measured since it started: a summary, the slowest and the
 * most failing plugins, and recommendations drawn from fixed thresholds.
 *
 * <p>Concurrent semantics: immutable.
 */
final class Reports {

    static final String DASHBOARD_SUMMARY = "dashboard_summary";
    static final List<String> TYPES = List.of("summary", "plugins", "errors", DASHBOARD_SUMMARY);
    private static final Pattern TIME_RANGE = Pattern.compile("([1-9][0-9]{0,5})([mhdw])");

    private final double errorRateThreshold;
    private final double heapThreshold;

    /**
     * @param errorRateThreshold error rate above which a plugin is called out (0 to 1)
     * @param heapThreshold heap use, as a share of the maximum, above which memory is called out
     */
    Reports(double errorRateThreshold, double heapThreshold) {
        this.errorRateThreshold = errorRateThreshold;
        this.heapThreshold = heapThreshold;
    }

    /**
     * @param timeRange how far back the report looks ({@code 30m}, {@code 24h}, {@code 7d},
     *        {@code 4w}), or null for since the runtime started
     */
    Map<String, Object> build(String type, String timeRange, RuntimeSnapshot snapshot) throws InvalidTaskException {
        if (!TYPES.contains(type)) {
            throw new InvalidTaskException("Report type '" + type + "' is unknown; use one of " + String.join(", ", TYPES)
                    + ".");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("title", "Analytics Report - " + Character.toUpperCase(type.charAt(0))
                + type.substring(1).replace('_', ' '));
        report.put("generated_at", snapshot.takenAt().toString());
        report.put("period", period(timeRange, snapshot));
        report.put("summary", summary(snapshot));
        if (!type.equals("errors") && !type.equals(DASHBOARD_SUMMARY)) {
            report.put("slowest_plugins", ranked(snapshot.plugins().stream(), Comparator.comparingDouble(
                    (PluginInfo p) -> p.metrics().p95Millis()).reversed()));
        }
        if (!type.equals("summary") && !type.equals(DASHBOARD_SUMMARY)) {
            report.put("plugins", snapshot.plugins().stream().map(Reports::pluginRow).toList());
        }
        // a plugin that never failed is not "failing", however the ranking would place it
        report.put("most_failing_plugins", ranked(snapshot.plugins().stream().filter(p -> p.metrics().failed() > 0),
                Comparator.comparingDouble((PluginInfo p) -> p.metrics().errorRate()).reversed()));
        report.put("recommendations", recommendations(snapshot));
        return report;
    }

    /**
     * The period a report covers: the last {@code timeRange}, cut at the runtime's start. The
     * runtime's counters run since it started, so a range that reaches back past the start covers
     * everything measured; a shorter one is stated with the time the counters began.
     */
    private static Map<String, Object> period(String timeRange, RuntimeSnapshot snapshot) throws InvalidTaskException {
        Instant from = snapshot.startedAt();
        Map<String, Object> period = new LinkedHashMap<>();
        if (timeRange != null) {
            Matcher range = TIME_RANGE.matcher(timeRange.strip());
            if (!range.matches()) {
                throw new InvalidTaskException("time_range '" + timeRange + "' is not a range like 30m, 24h, 7d or 4w.");
            }
            long amount = Long.parseLong(range.group(1));
            Duration length = switch (range.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            Instant start = snapshot.takenAt().minus(length);
            from = start.isAfter(from) ? start : from;
            period.put("time_range", timeRange.strip());
        }
        period.put("from", from.toString());
        period.put("to", snapshot.takenAt().toString());
        period.put("seconds", Duration.between(from, snapshot.takenAt()).toSeconds());
        period.put("counters_since", snapshot.startedAt().toString());
        return period;
    }

    private static Map<String, Object> summary(RuntimeSnapshot snapshot) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("plugins", snapshot.plugins().size());
        summary.put("active_plugins", snapshot.count(PluginState.ACTIVE));
        summary.put("failed_plugins", snapshot.count(PluginState.FAILED));
        summary.put("tasks", snapshot.totals().submitted());
        summary.put("success_rate", snapshot.totals().succeeded() + snapshot.totals().failed() == 0 ? null
                : 1 - snapshot.totals().errorRate());
        summary.put("latency_p50_ms", snapshot.totals().p50Millis());
        summary.put("latency_p95_ms", snapshot.totals().p95Millis());
        summary.put("heap_used_bytes", snapshot.jvm().heapUsedBytes());
        summary.put("process_cpu_load", snapshot.jvm().processCpuLoad() < 0 ? null : snapshot.jvm().processCpuLoad());
        return summary;
    }

    private static List<Map<String, Object>> ranked(Stream<PluginInfo> plugins, Comparator<PluginInfo> order) {
        return plugins.filter(p -> p.metrics().submitted() > 0).sorted(order).limit(3)
                .map(Reports::pluginRow).toList();
    }

    static Map<String, Object> pluginRow(PluginInfo p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("plugin_id", p.pluginId());
        row.put("version", p.version());
        row.put("type", p.type());
        row.put("security_level", p.securityLevel());
        row.put("state", p.state().id());
        row.put("tasks", p.metrics().submitted());
        row.put("failed", p.metrics().failed());
        row.put("error_rate", p.metrics().errorRate());
        row.put("latency_p50_ms", p.metrics().p50Millis());
        row.put("latency_p95_ms", p.metrics().p95Millis());
        row.put("cpu_ms", p.metrics().cpuNanos() / 1e6);
        row.put("allocated_bytes", p.metrics().allocatedBytes());
        return row;
    }

    private List<String> recommendations(RuntimeSnapshot snapshot) {
        List<String> advice = new ArrayList<>();
        for (PluginInfo p : snapshot.plugins()) {
            if (p.state() == PluginState.FAILED) {
                advice.add("Plugin " + p.pluginId() + " has failed: " + p.lastError());
            } else if (p.metrics().errorRate() > errorRateThreshold) {
                advice.add(String.format(Locale.ROOT, "Plugin %s fails %.1f%% of its tasks (above %.1f%%); last error: %s",
                        p.pluginId(), p.metrics().errorRate() * 100, errorRateThreshold * 100, p.lastError()));
            }
            if (p.metrics().queued() > 0 && p.metrics().running() > 0) {
                advice.add("Plugin " + p.pluginId() + " has " + p.metrics().queued() + " tasks waiting: it is at its "
                        + "concurrency limit.");
            }
        }
        long max = snapshot.jvm().heapMaxBytes();
        if (max > 0 && (double) snapshot.jvm().heapUsedBytes() / max > heapThreshold) {
            advice.add(String.format(Locale.ROOT, "Heap use is %.0f%% of the maximum; consider a larger -Xmx.",
                    100.0 * snapshot.jvm().heapUsedBytes() / max));
        }
        if (advice.isEmpty()) {
            advice.add(String.format(Locale.ROOT, "No problems found: %d of %d plugins active, task error rate %.1f%%.",
                    snapshot.count(PluginState.ACTIVE), snapshot.plugins().size(), snapshot.totals().errorRate() * 100));
        }
        return advice;
    }
}
