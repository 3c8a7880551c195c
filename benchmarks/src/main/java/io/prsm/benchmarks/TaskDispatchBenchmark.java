package io.prsm.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.prsm.api.Plugin;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.runtime.tasks.TaskExecutors;
import io.prsm.runtime.tasks.TaskQueue;
import io.prsm.limits.TaskSettings;

/**
 * A no-op task through the runtime's task queue (what {@code PluginManager.execute} does after
 * finding the plugin: queue, worker thread, timeout, metrics) against calling the plugin directly.
 */
@State(Scope.Benchmark)
public class TaskDispatchBenchmark {

    static final int BATCH = 64;

    private final Plugin plugin = new NoOpPlugin();
    private final Task task = Task.of("noop");
    private TaskExecutors executors;
    private TaskQueue queue;

    @Setup(Level.Trial)
    public void open() {
        executors = new TaskExecutors(TaskSettings.DEFAULTS);
        queue = executors.newQueue("noop", reason -> {
            throw new IllegalStateException("A no-op plugin was quarantined: " + reason);
        });
        queue.open(plugin);
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        queue.close("benchmark over");
        executors.shutdown(java.time.Duration.ofSeconds(5));
    }

    /** Baseline: the plugin's method called directly. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PluginResponse directCall() throws Exception {
        return plugin.execute(task);
    }

    /** One task through the queue, waiting for its answer: the latency a caller sees. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PluginResponse executeThroughRuntime() {
        return queue.submit(task).join();
    }

    /** Tasks in flight {@value #BATCH} at a time: the rate the runtime sustains. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void throughputThroughRuntime() {
        @SuppressWarnings("unchecked")
        CompletableFuture<PluginResponse>[] answers = new CompletableFuture[BATCH];
        for (int i = 0; i < BATCH; i++) {
            answers[i] = queue.submit(task);
        }
        CompletableFuture.allOf(answers).join();
    }
}
