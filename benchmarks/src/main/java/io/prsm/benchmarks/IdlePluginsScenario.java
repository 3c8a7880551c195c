package io.prsm.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.prsm.api.runtime.PluginManager;

/**
 * 1,000 idle plugins installed and started one after another in one runtime: the time each
 * install takes (through {@code PluginManager.install}: validation, scan, install, resolve,
 * start, initialize) must not grow with the number already there, and each plugin may cost at
 * most 1 MB of heap. The baseline is plugins 301 to 400, once the JIT has warmed up: a single
 * plugin's time, or the first hundred's, is mostly compilation, not the runtime's cost.
 *
 * <p>Concurrent semantics: single-threaded.
 */
final class IdlePluginsScenario {

    private static final int PLUGINS = 1000;
    private static final int WINDOW = 100;
    private static final int BASELINE_FROM = 300;

    private final Path work;
    private final int rounds;

    IdlePluginsScenario(Path work, int rounds) {
        this.work = work;
        this.rounds = rounds;
    }

    List<ResultRow> run() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < PLUGINS; i++) {
            jars.add(BenchBundles.plugin(work.resolve("idle-plugins"), "idle-" + i, "sandbox", 5));
        }
        List<Double> first = new ArrayList<>();
        List<Double> last = new ArrayList<>();
        List<Double> heapPerPlugin = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int round = 0; round < rounds; round++) {
            try (RunningRuntime runtime = RunningRuntime.start()) {
                PluginManager manager = runtime.plugins();
                long heapBefore = usedHeapAfterGc(memory);
                double[] millis = new double[PLUGINS];
                for (int i = 0; i < PLUGINS; i++) {
                    long start = System.nanoTime();
                    manager.install(jars.get(i).toString());
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                long heapAfter = usedHeapAfterGc(memory);
                first.add(mean(millis, BASELINE_FROM, BASELINE_FROM + WINDOW));
                last.add(mean(millis, PLUGINS - WINDOW, PLUGINS));
                heapPerPlugin.add((heapAfter - heapBefore) / (double) PLUGINS);
            }
        }
        Samples early = new Samples(first);
        Samples late = new Samples(last);
        Samples heap = new Samples(heapPerPlugin);
        return List.of(
                new ResultRow("install + start per plugin, plugins 901-1000 vs 301-400",
                        String.format(Locale.ROOT, "%.2f ms", early.median()),
                        String.format(Locale.ROOT, "%.2f ms", late.median()),
                        Samples.ratio(late.median(), early.median()), "linear (<= 1.5x)",
                        late.median() <= 1.5 * early.median()),
                new ResultRow("heap per idle plugin, 1000 started", "-",
                        String.format(Locale.ROOT, "%.0f KB", heap.median() / 1024), "-", "<= 1 MB",
                        heap.median() <= 1024 * 1024));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    /** Heap in use once the collector has run: what the plugins hold, not garbage. */
    private static long usedHeapAfterGc(MemoryMXBean memory) {
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
