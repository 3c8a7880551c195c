package io.prsm.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.runtime.embed.StorageFolders;

/**
 * Runs the benchmarks that are scenarios rather than JMH loops (whole-process start-up, idle
 * plugins, hot swap under load, HTTP under load) and writes their table rows as JSON for
 * {@link Report}.
 *
 * <pre>Scenarios --quick|--full RESULT.json [scenario...]</pre>
 *
 * <p>Concurrent semantics: single-threaded command-line tool.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("--quick", "--full").contains(args[0])) {
            System.err.println("Usage: Scenarios --quick|--full RESULT.json [cold] [agent] [warm] [idle] [swap] [http]"
                    + " (benchmarks/run runs it for you)");
            System.exit(2);
        }
        boolean quick = args[0].equals("--quick");
        Path result = Path.of(args[1]);
        List<String> only = List.of(args).subList(2, args.length);
        Path work = Files.createTempDirectory("prsm-scenarios-");
        List<ResultRow> rows = new ArrayList<>();
        try {
            StartScenarios starts = new StartScenarios(work, quick ? 3 : 9);
            if (selected(only, "cold")) {
                rows.addAll(progress(starts.coldStart()));
            }
            if (selected(only, "agent")) {
                rows.addAll(progress(starts.agentStart()));
            }
            if (selected(only, "warm")) {
                rows.addAll(progress(starts.warmStart()));
            }
            if (selected(only, "idle")) {
                rows.addAll(progress(new IdlePluginsScenario(work, quick ? 1 : 3).run()));
            }
            if (selected(only, "swap")) {
                rows.addAll(progress(new HotSwapScenario(quick ? 5 : 20).run()));
            }
            if (selected(only, "http")) {
                rows.addAll(progress(new HttpEndpointScenario(quick ? 3 : 10).run()));
            }
        } finally {
            StorageFolders.delete(work);
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(result.toFile(), rows);
    }

    private static boolean selected(List<String> only, String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    private static List<ResultRow> progress(List<ResultRow> rows) {
        rows.forEach(row -> System.err.println("# " + row));
        return rows;
    }
}
