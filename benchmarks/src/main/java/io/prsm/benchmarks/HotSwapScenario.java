package io.prsm.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.prsm.api.Task;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.runtime.embed.StorageFolders;

/**
 * Hot swaps of a plugin while its tasks arrive at 70 % of the rate it can sustain. Capacity is
 * measured first (closed loop, tasks of {@value #WORK_MICROS} us of CPU each); then tasks arrive
 * at a steady 70 % of it, paced every millisecond, through a steady phase and a phase of swaps
 * between two versions. A swap's pause is the longest any task submitted while it ran took to be
 * answered; no task may fail, and the swap phase must keep 90 % of the steady phase's throughput.
 *
 * <p>The plugin's queue holds {@value #QUEUE} tasks, enough for the pause goal (250 ms at this
 * rate); with the default of 100 a longer pause would show up as refused tasks.
 *
 * <p>Concurrent semantics: driven by one thread; tasks are submitted by a pacing thread.
 */
final class HotSwapScenario {

    private static final long WORK_MICROS = 1000;
    private static final int QUEUE = 1000;
    private static final long STEADY_NANOS = 4_000_000_000L;
    private static final long BETWEEN_SWAPS_NANOS = 500_000_000L;
    private static final String PLUGIN = "swap-target";

    private final int swaps;

    HotSwapScenario(int swaps) {
        this.swaps = swaps;
    }

    /** One task: when it was submitted, when it was answered, whether it succeeded. */
    private record Outcome(long submitted, long answered, boolean success) {
    }

    List<ResultRow> run() throws Exception {
        Path jars = Files.createTempDirectory("prsm-swap-");
        try (RunningRuntime runtime = RunningRuntime.start(Map.of("prsm.task.queue", String.valueOf(QUEUE)))) {
            Path v1 = BenchBundles.plugin(jars, PLUGIN, "sandbox", 5, "1.0.0");
            Path v2 = BenchBundles.plugin(jars, PLUGIN, "sandbox", 5, "1.1.0");
            PluginManager manager = runtime.plugins();
            manager.install(v1.toString());
            double capacity = capacity(manager);
            double rate = 0.7 * capacity;
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CompletableFuture<Boolean>> answers = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            AtomicLong submittedSoFar = new AtomicLong();
            long loadStart = System.nanoTime();
            pacer.scheduleAtFixedRate(() -> {
                long due = (long) ((System.nanoTime() - loadStart) / 1e9 * rate);
                while (submittedSoFar.get() < due) {
                    submittedSoFar.incrementAndGet();
                    long submitted = System.nanoTime();
                    try {
                        answers.add(work(manager).whenComplete(
                                (success, failure) -> outcomes.add(new Outcome(submitted, System.nanoTime(),
                                        failure == null && success))));
                    } catch (Exception refused) {
                        outcomes.add(new Outcome(submitted, System.nanoTime(), false));
                    }
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            long steadyStart = loadStart + STEADY_NANOS / 4;
            long steadyEnd = loadStart + STEADY_NANOS;
            awaitTime(pacer, steadyEnd);
            List<long[]> swapWindows = new ArrayList<>();
            for (int i = 0; i < swaps; i++) {
                long start = System.nanoTime();
                manager.swap(PLUGIN, (i % 2 == 0 ? v2 : v1).toString());
                swapWindows.add(new long[] { start, System.nanoTime() });
                awaitTime(pacer, System.nanoTime() + BETWEEN_SWAPS_NANOS);
            }
            long swapPhaseEnd = System.nanoTime();
            pacer.shutdown();
            if (!pacer.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The load generator did not stop");
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            return rows(capacity, rate, outcomes, steadyStart, steadyEnd, swapWindows, swapPhaseEnd);
        } finally {
            StorageFolders.delete(jars);
        }
    }

    private List<ResultRow> rows(double capacity, double rate, ConcurrentLinkedQueue<Outcome> outcomes,
            long steadyStart, long steadyEnd, List<long[]> swapWindows, long swapPhaseEnd) {
        long swapPhaseStart = swapWindows.get(0)[0];
        long steadyAnswered = outcomes.stream().filter(o -> o.answered >= steadyStart && o.answered < steadyEnd).count();
        long swapAnswered = outcomes.stream().filter(o -> o.answered >= swapPhaseStart && o.answered < swapPhaseEnd)
                .count();
        double steadyRate = steadyAnswered / ((steadyEnd - steadyStart) / 1e9);
        double swapRate = swapAnswered / ((swapPhaseEnd - swapPhaseStart) / 1e9);
        long failed = outcomes.stream().filter(o -> !o.success).count();
        List<Double> pauses = new ArrayList<>();
        for (long[] window : swapWindows) {
            pauses.add(outcomes.stream().filter(o -> o.submitted >= window[0] && o.submitted <= window[1])
                    .mapToDouble(o -> (o.answered - o.submitted) / 1e6).max().orElse(0));
        }
        Samples pause = new Samples(pauses);
        double normal = new Samples(outcomes.stream().filter(o -> o.submitted >= steadyStart && o.submitted < steadyEnd)
                .map(o -> (o.answered - o.submitted) / 1e6).toList()).median();
        String load = String.format(Locale.ROOT, "%.0f/s of %.0f/s", rate, capacity);
        return List.of(
                new ResultRow("hot-swap pause p50, " + swapWindows.size() + " swaps at " + load,
                        String.format(Locale.ROOT, "%.1f ms task latency", normal),
                        String.format(Locale.ROOT, "%.1f ms", pause.median()), "-", "<= 50 ms", pause.median() <= 50),
                new ResultRow("hot-swap pause p99", String.format(Locale.ROOT, "%.1f ms task latency", normal),
                        String.format(Locale.ROOT, "%.1f ms", pause.percentile(99)), "-", "<= 250 ms",
                        pause.percentile(99) <= 250),
                new ResultRow("tasks failed during the swaps", "0", String.valueOf(failed), "-", "0", failed == 0),
                new ResultRow("throughput while swapping vs steady", String.format(Locale.ROOT, "%.0f/s", steadyRate),
                        String.format(Locale.ROOT, "%.0f/s", swapRate), Samples.ratio(swapRate, steadyRate), ">= 0.9x",
                        swapRate >= 0.9 * steadyRate));
    }

    /** Queues one task; the future completes with whether the plugin answered it successfully. */
    private static CompletableFuture<Boolean> work(PluginManager manager) throws PluginOperationException {
        return manager.execute(PLUGIN, new Task("work", Map.of("micros", WORK_MICROS))).toCompletableFuture()
                .thenApply(response -> response.success());
    }

    /** Tasks answered per second with 16 in flight at all times. */
    private static double capacity(PluginManager manager) throws Exception {
        int inFlight = 16;
        long end = System.nanoTime() + 2_000_000_000L;
        long start = System.nanoTime();
        long answered = 0;
        List<CompletableFuture<Boolean>> window = new ArrayList<>();
        while (System.nanoTime() < end) {
            while (window.size() < inFlight) {
                window.add(work(manager));
            }
            CompletableFuture<Boolean> oldest = window.remove(0);
            if (!oldest.join()) {
                throw new IllegalStateException("A task failed while capacity was measured");
            }
            answered++;
        }
        for (CompletableFuture<Boolean> rest : window) {
            rest.join();
        }
        return answered / ((System.nanoTime() - start) / 1e9);
    }

    /** Returns at {@code deadline}: the phase ends when the pacer's clock says so. */
    private static void awaitTime(ScheduledExecutorService pacer, long deadline) throws Exception {
        pacer.schedule(() -> { }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).get();
    }
}
