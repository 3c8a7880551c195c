package io.prsm.runtime.containment;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU share: every tenth of {@value #PROPERTY} it samples each running plugin's CPU time (its
 * tasks and the threads it started) and compares its use over the window with the share it
 * declares ({@code cpu}, in cores). A plugin over its share is throttled (a lifecycle transition
 * that pauses its queue until its use over the window falls back within the share) or
 * quarantined, as the policy says ({@code containment.over_cpu_share}); either is audited. The
 * guard never touches a queue itself: the plugin's lifecycle alone drives its queue's mode.
 *
 * <p>Concurrent semantics: thread-safe. Samples run on the timer's one thread, which alone
 * touches the windows; {@link #describe} reads a snapshot published by the last sample.
 */
public final class CpuShareGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CpuShareGuard.class);

    public static final String PROPERTY = "prsm.cpu.window";
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    private static final int SAMPLES_PER_WINDOW = 10;

    private final GuardedPlugins plugins;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, CpuWindow> windows = new HashMap<>();
    private final Set<String> throttled = new HashSet<>();
    /** What the last sample found, per plugin id, for prsm:info. */
    private volatile Map<String, String> described = Map.of();
    private ScheduledExecutorService timer;

    /** @param clock nanoseconds, as {@link System#nanoTime}; a test passes its own */
    public CpuShareGuard(GuardedPlugins plugins, Duration window, LongSupplier clock) {
        this.plugins = plugins;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Samples on a thread of its own from now on, until {@link #close}. */
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "prsm-cpu-share");
            thread.setDaemon(true);
            thread.setContextClassLoader(CpuShareGuard.class.getClassLoader());
            return thread;
        });
        long period = Math.max(1, windowNanos / SAMPLES_PER_WINDOW);
        timer.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException failure) {
                LOG.warn("The CPU share guard failed to sample", failure);
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** Takes one sample of every running plugin and acts on what it shows. */
    void sample() {
        long now = clock.getAsLong();
        List<PluginUse> running = plugins.running();
        Map<String, String> found = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (PluginUse use : running) {
            seen.add(use.pluginId());
            if (use.cpuNanos() < 0 || use.cpuShare() <= 0) {
                continue;
            }
            CpuWindow window = windows.computeIfAbsent(use.pluginId(), id -> new CpuWindow(windowNanos));
            window.add(now, use.cpuNanos());
            double share = window.share();
            found.put(use.pluginId(), act(use, share));
        }
        windows.keySet().retainAll(seen);
        throttled.retainAll(seen);
        described = Map.copyOf(found);
    }

    /** Throttles, quarantines or resumes {@code use} for its {@code share}; returns the line prsm:info shows. */
    private String act(PluginUse use, double share) {
        if (share < 0) {
            return "CPU share: measuring (declared " + cores(use.cpuShare()) + " cores)";
        }
        String measured = cores(share) + " of its declared " + cores(use.cpuShare()) + " cores over the last "
                + seconds() + " s";
        boolean over = share > use.cpuShare();
        if (over && !throttled.contains(use.pluginId())) {
            if (plugins.quarantineOverCpuShare()) {
                plugins.quarantine(use, "Plugin '" + use.pluginId() + "' is quarantined: it used " + measured
                        + " (containment.over_cpu_share quarantine in policy.json). Check the plugin or declare a "
                        + "higher cpu share, then start it with prsm:start " + use.pluginId() + ".");
                return "CPU share: " + measured + "; quarantined";
            }
            if (plugins.throttle(use, "Plugin '" + use.pluginId() + "' is throttled: it used " + measured + "; its queue is "
                    + "paused until its use falls back within its share. Check the plugin or declare a higher cpu share.")) {
                throttled.add(use.pluginId());
            }
        } else if (!over && throttled.remove(use.pluginId())) {
            plugins.resume(use, "back within its share: " + measured + "; its queue runs again");
        }
        return "CPU share: " + measured + (throttled.contains(use.pluginId()) ? "; throttled, its queue is paused" : "");
    }

    /** The line prsm:info shows about {@code pluginId}'s CPU share, if it is measured. */
    public Optional<String> describe(String pluginId) {
        return Optional.ofNullable(described.get(pluginId));
    }

    private long seconds() {
        return Math.max(1, Math.round(windowNanos / 1e9));
    }

    private static String cores(double share) {
        return String.format(Locale.ROOT, "%.2f", share);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
