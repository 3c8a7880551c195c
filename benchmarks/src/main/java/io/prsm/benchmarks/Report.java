package io.prsm.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints the benchmark table from a JMH JSON result file and the scenario rows
 * ({@link Scenarios}): each figure beside its baseline from the same run, the ratio, the goal and
 * whether it holds.
 *
 * <p>Concurrent semantics: single-threaded command-line tool.
 */
public final class Report {

    private final JsonNode results;
    private final List<ResultRow> scenarios;

    private Report(JsonNode results, List<ResultRow> scenarios) {
        this.results = results;
        this.scenarios = scenarios;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("Usage: Report JMH_RESULT.json SCENARIOS.json");
            System.exit(2);
        }
        ObjectMapper mapper = new ObjectMapper();
        Report report = new Report(mapper.readTree(Path.of(args[0]).toFile()),
                List.of(mapper.readValue(Path.of(args[1]).toFile(), ResultRow[].class)));
        System.out.print(report.table());
    }

    private String table() {
        List<ResultRow> rows = new ArrayList<>();
        JsonNode lookupOn = benchmark("ServiceLookupBenchmark.lookup", "on");
        JsonNode lookupOff = benchmark("ServiceLookupBenchmark.lookup", "off");
        if (lookupOn != null && lookupOff != null) {
            for (String[] percentile : new String[][] { { "50.0", "p50", "1.2" }, { "99.0", "p99", "1.5" } }) {
                double on = percentile(lookupOn, percentile[0]);
                double off = percentile(lookupOff, percentile[0]);
                double goal = Double.parseDouble(percentile[2]);
                rows.add(new ResultRow("getServiceReferences, 1000 services, 10 plugins, " + percentile[1], micros(off),
                        micros(on), ratio(on, off), "<= " + percentile[2] + "x", on / off <= goal));
            }
        }
        JsonNode callDirect = benchmark("ServiceLookupBenchmark.callDirect", "on");
        JsonNode callService = benchmark("ServiceLookupBenchmark.callThroughService", "on");
        if (callDirect != null && callService != null) {
            rows.add(new ResultRow("call through an allowed service", String.format(Locale.ROOT, "%.2f ns", score(callDirect)),
                    String.format(Locale.ROOT, "%.2f ns ± %.2f", score(callService), error(callService)),
                    ratio(score(callService), score(callDirect)), "<= 1.05x",
                    score(callService) <= 1.05 * score(callDirect) + error(callService)));
        }
        JsonNode direct = benchmark("TaskDispatchBenchmark.directCall");
        JsonNode runtime = benchmark("TaskDispatchBenchmark.executeThroughRuntime");
        if (direct != null && runtime != null) {
            double p50 = percentile(runtime, "50.0") - percentile(direct, "50.0");
            double p99 = percentile(runtime, "99.0") - percentile(direct, "99.0");
            rows.add(new ResultRow("no-op task via execute, p50 added", micros(percentile(direct, "50.0")),
                    micros(percentile(runtime, "50.0")), ratio(percentile(runtime, "50.0"), percentile(direct, "50.0")),
                    "<= 10 us added", p50 <= 10));
            rows.add(new ResultRow("no-op task via execute, p99 added", micros(percentile(direct, "99.0")),
                    micros(percentile(runtime, "99.0")), ratio(percentile(runtime, "99.0"), percentile(direct, "99.0")),
                    "<= 100 us added", p99 <= 100));
        }
        JsonNode throughput = benchmark("TaskDispatchBenchmark.throughputThroughRuntime");
        if (throughput != null && direct != null) {
            double rate = score(throughput);
            double directRate = 1_000_000 / Math.max(direct.path("primaryMetric").path("score").asDouble(), 1e-9);
            rows.add(new ResultRow("no-op tasks per second", String.format(Locale.ROOT, "%.0f/s", directRate),
                    String.format(Locale.ROOT, "%.0f/s ± %.0f", rate, error(throughput)),
                    ratio(rate, directRate), ">= 300000/s", rate >= 300_000));
        }
        JsonNode scan = benchmark("BytecodeScanBenchmark.scanJar");
        JsonNode read = benchmark("BytecodeScanBenchmark.readJar");
        if (scan != null && read != null) {
            JsonNode classes = scan.path("secondaryMetrics").path("classes");
            double rate = classes.path("score").asDouble();
            double readRate = read.path("secondaryMetrics").path("classes").path("score").asDouble();
            rows.add(new ResultRow("install-time bytecode scan (baseline: only reading the classes)",
                    String.format(Locale.ROOT, "%.0f classes/s", readRate),
                    String.format(Locale.ROOT, "%.0f classes/s ± %.0f", rate, classes.path("scoreError").asDouble()),
                    ratio(rate, readRate), ">= 50000 classes/s", rate >= 50_000));
        }
        entitlementRows(rows);
        checkpointRows(rows);
        rows.addAll(scenarios);
        return format(rows);
    }

    /** The containment checks woven into untrusted code vs the same code as compiled, on CPU-bound work. */
    private void checkpointRows(List<ResultRow> rows) {
        for (String[] figure : new String[][] { { "tightNumericLoop", "tight numeric loop of an untrusted plugin" },
                { "textClassifierTraining", "text-classifier training of an untrusted plugin" } }) {
            JsonNode woven = benchmark("CheckpointBenchmark." + figure[0], "woven");
            JsonNode plain = benchmark("CheckpointBenchmark." + figure[0], "plain");
            if (woven != null && plain != null) {
                rows.add(new ResultRow(figure[1] + ", stop checks woven vs not", micros(score(plain)),
                        String.format(Locale.ROOT, "%.2f us ± %.2f", score(woven), error(woven)),
                        ratio(score(woven), score(plain)), "<= 1.05x",
                        score(woven) <= 1.05 * score(plain) + error(woven)));
            }
        }
    }

    /** The entitlement check: the gatekeeper's checker installed vs the gatekeeper stopped, in one agent-loaded JVM. */
    private void entitlementRows(List<ResultRow> rows) {
        for (String[] figure : new String[][] { { "trustedReads4KiB", "open, read, close 4 KiB, trusted code", "1.03" },
                { "loopbackConnect", "loopback socket connect, trusted code", "1.05" } }) {
            JsonNode on = benchmark("EntitlementBenchmark." + figure[0], "on");
            JsonNode off = benchmark("EntitlementBenchmark." + figure[0], "off");
            if (on != null && off != null) {
                double goal = Double.parseDouble(figure[2]);
                rows.add(new ResultRow(figure[1] + ", entitlements checked vs not", micros(score(off)),
                        String.format(Locale.ROOT, "%.2f us ± %.2f", score(on), error(on)), ratio(score(on), score(off)),
                        "<= " + figure[2] + "x", score(on) <= goal * score(off) + error(on)));
            }
        }
        JsonNode on = benchmark("EntitlementBenchmark.sandboxReads4KiBOfItsData", "on");
        JsonNode off = benchmark("EntitlementBenchmark.sandboxReads4KiBOfItsData", "off");
        if (on != null && off != null) {
            double added = score(on) - score(off);
            rows.add(new ResultRow("open, read, close 4 KiB, sandbox plugin on its data folder, checked vs not",
                    micros(score(off)), String.format(Locale.ROOT, "%.2f us ± %.2f", score(on), error(on)),
                    ratio(score(on), score(off)), "<= 1.5x and <= 2 us added",
                    score(on) <= 1.5 * score(off) + error(on) && added <= 2 + error(on)));
        }
    }

    private JsonNode benchmark(String suffix) {
        return benchmark(suffix, null);
    }

    /** The result of the benchmark ending in {@code suffix}, for the run whose parameter ({@code gatekeeper}, {@code checks}) is {@code variant} if given. */
    private JsonNode benchmark(String suffix, String variant) {
        for (JsonNode result : results) {
            JsonNode params = result.path("params");
            if (result.path("benchmark").asText().endsWith(suffix) && (variant == null
                    || variant.equals(params.path("gatekeeper").asText()) || variant.equals(params.path("checks").asText()))) {
                return result;
            }
        }
        return null;
    }

    private static double percentile(JsonNode result, String which) {
        return result.path("primaryMetric").path("scorePercentiles").path(which).asDouble();
    }

    private static double score(JsonNode result) {
        return result.path("primaryMetric").path("score").asDouble();
    }

    private static double error(JsonNode result) {
        double error = result.path("primaryMetric").path("scoreError").asDouble();
        return Double.isNaN(error) ? 0 : error;
    }

    private static String micros(double value) {
        return String.format(Locale.ROOT, "%.2f us", value);
    }

    private static String ratio(double prsm, double baseline) {
        return baseline <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", prsm / baseline);
    }

    private static String format(List<ResultRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] { "metric", "baseline", "PRSM", "ratio", "goal", "holds" });
        for (ResultRow row : rows) {
            cells.add(new String[] { row.metric(), row.baseline(), row.prsm(), row.ratio(), row.goal(),
                    row.holds() ? "yes" : "NO" });
        }
        int[] widths = new int[6];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                out.append(String.format("%-" + (widths[i] + 2) + "s", line[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
