package io.prsm.runtime.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.runtime.metrics.ThreadResources;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;

/**
 * The threads that run every plugin's tasks, and the factory of per-plugin {@link TaskQueue}s
 * that share them. Per-plugin limits live in the queues; the pool itself is unbounded because the
 * queues bound it.
 *
 * <p>Concurrent semantics: thread-safe; {@link #shutdown} once, when the runtime stops.
 */
public final class TaskExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutors.class);

    private final TaskSettings settings;
    private final JsonLimits answers;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final TaskDeadlines deadlines;
    private final ThreadResources resources;
    /** The parent of every plugin's thread group, so none is a child of the creating thread's group. */
    private final ThreadGroup pluginGroups = new ThreadGroup("prsm-plugins");
    /** The task pools of the plugins that have threads, shut down with this; a retired pool leaves it. */
    private final Set<PluginPool> pluginPools = ConcurrentHashMap.newKeySet();

    /** Executors whose tasks' answers are held to the default {@link JsonLimits}. */
    public TaskExecutors(TaskSettings settings) {
        this(settings, JsonLimits.DEFAULTS);
    }

    /** {@code answers}: what a task's answer is held to ({@code prsm.json.*}). */
    public TaskExecutors(TaskSettings settings, JsonLimits answers) {
        this.settings = settings;
        this.answers = answers;
        this.workers = Executors.newCachedThreadPool(named("prsm-task-"));
        this.resources = new ThreadResources(workers);
        this.timer = new ScheduledThreadPoolExecutor(1, named("prsm-task-timer-"));
        // the woven checks go back to costing nothing only after a quiet spell (see CodeStops)
        this.timer.scheduleWithFixedDelay(CodeStops::settle, 1, 1, TimeUnit.SECONDS);
        this.deadlines = new TaskDeadlines(settings.timeout(), named("prsm-task-deadlines-"));
        this.deadlines.start();
    }

    public TaskSettings settings() {
        return settings;
    }

    /** A new queue for one plugin, with its own metrics; answers that are not JSON go to the runtime's log. */
    public TaskQueue newQueue(String pluginId, Consumer<String> onQuarantine) {
        return newQueue(pluginId, 0, onQuarantine, refusal -> LOG.warn("Plugin '{}': {}", pluginId, refusal),
                stopped -> { });
    }

    /**
     * A new queue for one plugin whose tasks may each allocate {@code memoryLimit} bytes (0: no
     * limit).
     *
     * @param onRefusedAnswer told why an answer was refused (not JSON values), to audit it
     * @param onStop told of each running task the queue stops
     */
    public TaskQueue newQueue(String pluginId, long memoryLimit, Consumer<String> onQuarantine,
            Consumer<String> onRefusedAnswer, Consumer<String> onStop) {
        return new TaskQueue(pluginId, settings, pluginWorkers(pluginId), timer, deadlines, new TaskMetrics(), resources,
                onQuarantine, onRefusedAnswer, onStop, memoryLimit, answers);
    }

    /**
     * The task threads of one plugin, in a thread group of its own (whose child groups hold the
     * threads its code starts). On JDK 17 creating or ending a thread synchronizes on its group: a
     * plugin that holds its group's monitor can stall only its own threads, never the platform's
     * (the shell, shutdown hooks) nor another plugin's. The pool is retired whenever the queue
     * stops running tasks on an instance (see {@link PluginPool}).
     */
    private ExecutorService pluginWorkers(String pluginId) {
        ThreadGroup group = new ThreadGroup(pluginGroups, "prsm-plugin " + pluginId);
        return new PluginPool(named(group, "prsm-task-" + pluginId + "-"), pluginPools);
    }

    /** How many plugin pools have threads (for tests: a retired pool with none left is dropped). */
    int livePluginPools() {
        return pluginPools.size();
    }

    /** Reads threads' CPU time and allocation (for containment across a plugin's tasks). */
    public ThreadResources resources() {
        return resources;
    }

    /** Runs lifecycle work (initialize, shutdown) off the caller's thread. */
    public ExecutorService workers() {
        return workers;
    }

    /** Stops taking work and waits at most {@code timeout} for running tasks. */
    public void shutdown(Duration timeout) throws InterruptedException {
        timer.shutdownNow();
        deadlines.stop();
        workers.shutdown();
        List<PluginPool> pools = List.copyOf(pluginPools);
        pools.forEach(ExecutorService::shutdown);
        long until = System.nanoTime() + timeout.toNanos();
        for (ExecutorService pool : pools) {
            // a plugin's threads that do not stop (stuck in JDK code, or in its held thread group) cannot hold it up
            if (!pool.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                pool.shutdownNow();
            }
        }
        if (!workers.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            workers.shutdownNow();
        }
    }

    private static ThreadFactory named(String prefix) {
        return named(null, prefix);
    }

    private static ThreadFactory named(ThreadGroup group, String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(group, runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            // a new thread inherits its creator's context class loader, which could be a plugin's:
            // pooled threads outlive plugins, so they must not keep one alive
            thread.setContextClassLoader(TaskExecutors.class.getClassLoader());
            return thread;
        };
    }
}
