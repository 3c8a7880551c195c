package io.prsm.runtime.containment;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The low-memory guard: when a heap pool stays above {@value #PROPERTY} of its maximum after a full
 * collection, the plugin that allocated the most recently ({@link MemoryOffender}) is quarantined and its bundle refreshed, so that
 * its class loader and static data are released before the JVM runs out of memory.
 *
 * <p>It listens to the heap pools' thresholds: the usage threshold (crossed as soon as the pool
 * fills, garbage included: G1 updates its old generation's after-collection usage only in mixed
 * and full collections, too late to act on) and the collection-usage threshold (after a
 * collection). Either only wakes the guard; it then runs a full collection itself and acts only
 * if a pool is still above its threshold after that collection, so garbage never gets a plugin
 * quarantined. It always decides on a collection of its own: the usage threshold notifies once
 * per upward crossing, so a wake-up that was not followed by a fresh collection would leave a
 * pool that stays high unwatched until the JVM runs out. {@link CollectionPacing} says when the
 * next forced collection may run; a wake-up that comes sooner is answered then, never dropped.
 *
 * <p>The thresholds are the JVM's, one per pool: one guard per JVM; {@link #close} clears them.
 *
 * <p>Concurrent semantics: thread-safe. Notifications arrive on the JVM's notification thread and
 * are handed to one thread of the guard's own, which responds to one at a time; notifications that
 * arrive meanwhile make it look once more, not once per notification.
 */
public final class LowMemoryGuard implements NotificationListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LowMemoryGuard.class);

    public static final String PROPERTY = "prsm.memory.guard";
    static final double DEFAULT_SHARE = 0.8;
    private static final double MIN_SHARE = 0.1;
    private static final double MAX_SHARE = 0.99;

    private final GuardedPlugins plugins;
    private final double share;
    private final List<MemoryPoolMXBean> pools;
    private final NotificationEmitter memory;
    private final ScheduledExecutorService responder;
    /** Notifications not yet looked at; the responder runs while this is above zero. */
    private final AtomicInteger requests = new AtomicInteger();
    /** Guarded by the responder thread, as the fields below. */
    private final CollectionPacing pacing = new CollectionPacing();
    private final MemoryOffender offenders = new MemoryOffender();
    /** Whether a look is scheduled for when the pacing lets the next collection run. */
    private boolean lookScheduled;
    private long lastWarned;

    private LowMemoryGuard(GuardedPlugins plugins, double share, List<MemoryPoolMXBean> pools) {
        this.plugins = plugins;
        this.share = share;
        this.pools = pools;
        this.memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        ScheduledThreadPoolExecutor responder = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "prsm-memory-guard");
            thread.setDaemon(true);
            thread.setContextClassLoader(LowMemoryGuard.class.getClassLoader());
            return thread;
        });
        // a look put off for the pacing is moot once the guard is closed
        responder.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.responder = responder;
    }

    /**
     * Starts the guard the framework properties ask for: none when {@value #PROPERTY} is
     * {@code off} or no heap pool has a maximum; throws, naming the property, when it does not parse.
     */
    public static Optional<LowMemoryGuard> start(Function<String, String> properties, GuardedPlugins plugins) {
        double share = shareFrom(properties.apply(PROPERTY));
        if (share == 0) {
            LOG.warn("The low-memory guard is off ({}=off): a plugin that keeps what it allocates can exhaust the heap",
                    PROPERTY);
            return Optional.empty();
        }
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getUsage() != null
                        && pool.getUsage().getMax() > 0)
                .filter(pool -> pool.isUsageThresholdSupported() || pool.isCollectionUsageThresholdSupported())
                .toList();
        if (heapPools.isEmpty()) {
            LOG.warn("The low-memory guard is off: this JVM's heap pools have no maximum or no thresholds");
            return Optional.empty();
        }
        LowMemoryGuard guard = new LowMemoryGuard(plugins, share, heapPools);
        guard.arm();
        return Optional.of(guard);
    }

    /** The share of a heap pool's maximum {@code value} sets: 0 for off; throws, naming the property, when invalid. */
    static double shareFrom(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_SHARE;
        }
        if (value.trim().equalsIgnoreCase("off")) {
            return 0;
        }
        try {
            double share = Double.parseDouble(value.trim());
            if (share >= MIN_SHARE && share <= MAX_SHARE) {
                return share;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(PROPERTY + " must be a share of the heap from " + MIN_SHARE + " to "
                + MAX_SHARE + " (default " + DEFAULT_SHARE + "), or off; not '" + value + "'");
    }

    private void arm() {
        memory.addNotificationListener(this, null, null);
        for (MemoryPoolMXBean pool : pools) {
            long threshold = threshold(pool);
            if (pool.isUsageThresholdSupported()) {
                pool.setUsageThreshold(threshold);
            }
            if (pool.isCollectionUsageThresholdSupported()) {
                pool.setCollectionUsageThreshold(threshold);
            }
        }
        // how recently each plugin allocated is known only from figures taken before memory runs low
        responder.scheduleWithFixedDelay(this::sample, MemoryOffender.SAMPLE_NANOS, MemoryOffender.SAMPLE_NANOS,
                TimeUnit.NANOSECONDS);
        LOG.debug("Low-memory guard armed at {} of {}", share, pools.stream().map(MemoryPoolMXBean::getName).toList());
    }

    private long threshold(MemoryPoolMXBean pool) {
        return (long) (pool.getUsage().getMax() * share);
    }

    private void sample() {
        try {
            offenders.sample(plugins.running(), System.nanoTime());
        } catch (RuntimeException failure) {
            // a periodic task that throws is never run again: the next sample tries anew
            LOG.debug("The low-memory guard could not sample the plugins' allocation", failure);
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        String type = notification.getType();
        if (type.equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED)
                || type.equals(MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED)) {
            ask();
        }
    }

    private void ask() {
        if (requests.getAndIncrement() == 0) {
            try {
                responder.execute(this::respondWhileAsked);
            } catch (RejectedExecutionException closed) {
                // the guard is closed
            }
        }
    }

    private void respondWhileAsked() {
        int seen;
        do {
            seen = requests.get();
            try {
                respond();
            } catch (RuntimeException failure) {
                LOG.warn("The low-memory guard failed to respond", failure);
            }
        } while (!requests.compareAndSet(seen, 0));
    }

    /**
     * Looks whether the heap is still low once garbage is gone; if so, quarantines the plugin that
     * allocated the most recently. That plugin is held (starts no task) while the collection decides: a
     * plugin keeping all it allocates can fill the margin above the threshold in a fraction of a
     * second, faster than a full collection on a loaded host ends.
     */
    private void respond() {
        long delay = pacing.delayBeforeCollecting(System.nanoTime());
        if (delay > 0) {
            lookLater(delay);
            return;
        }
        Optional<MemoryOffender.Blamed> blamed = offenders.among(plugins.running(), System.nanoTime());
        Optional<PluginUse> suspect = blamed.map(MemoryOffender.Blamed::plugin);
        suspect.ifPresent(plugins::hold);
        CollectionPacing.Outcome outcome = CollectionPacing.Outcome.BELOW;
        try {
            // a threshold counts garbage too: only what a full collection leaves is what plugins hold
            System.gc();
            for (MemoryPoolMXBean pool : pools) {
                MemoryUsage after = pool.getCollectionUsage() != null ? pool.getCollectionUsage() : pool.getUsage();
                if (after.getUsed() > threshold(pool)) {
                    outcome = blame(blamed, pool.getName(), after);
                    break;
                }
            }
        } finally {
            // a quarantined plugin's queue is closed: releasing it starts nothing
            suspect.ifPresent(plugins::release);
        }
        pacing.collected(System.nanoTime(), outcome);
    }

    private void lookLater(long delayNanos) {
        if (lookScheduled) {
            return;
        }
        lookScheduled = true;
        try {
            responder.schedule(() -> {
                lookScheduled = false;
                ask();
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            lookScheduled = false;
        }
    }

    private CollectionPacing.Outcome blame(Optional<MemoryOffender.Blamed> offender, String poolName,
            MemoryUsage after) {
        String low = "the heap's " + poolName + " held " + mib(after.getUsed()) + " MiB of " + mib(after.getMax())
                + " MiB after a full collection (over " + PROPERTY + " " + share + ")";
        if (offender.isEmpty()) {
            warn("Memory is low: {}, and no running plugin allocated any; nothing to quarantine", low);
            return CollectionPacing.Outcome.STILL_HIGH;
        }
        PluginUse plugin = offender.get().plugin();
        String reason = "Plugin '" + plugin.pluginId() + "' is quarantined by the low-memory guard: " + low
                + ", and of the running plugins it allocated the most recently (" + mib(offender.get().recentBytes())
                + " MiB, weighted toward the last " + TimeUnit.NANOSECONDS.toSeconds(MemoryOffender.HALF_LIFE_NANOS)
                + " s; " + mib(plugin.allocatedBytes()) + " MiB in all). Its "
                + "bundle is refreshed to release its memory. Fix the plugin, then start it with prsm:start "
                + plugin.pluginId() + ".";
        LOG.warn(reason);
        if (plugins.quarantineAndRelease(plugin, reason)) {
            return CollectionPacing.Outcome.RELEASED;
        }
        // no other plugin is blamed for memory the quarantined one may still hold
        warn("Memory is low: {}, and the class loader of plugin '" + plugin.pluginId() + "', quarantined for it, is "
                + "still reachable; no other plugin is quarantined for that memory", low);
        return CollectionPacing.Outcome.STILL_HIGH;
    }

    /** Warns at most once per cool-down: while the heap stays high every collection wakes the guard again. */
    private void warn(String format, String low) {
        long now = System.nanoTime();
        if (lastWarned == 0 || now - lastWarned >= CollectionPacing.COOL_DOWN_NANOS) {
            lastWarned = now;
            LOG.warn(format, low);
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** Clears the thresholds and stops listening; a response under way finishes first. */
    @Override
    public void close() {
        try {
            memory.removeNotificationListener(this);
        } catch (ListenerNotFoundException alreadyGone) {
            // nothing to remove
        }
        for (MemoryPoolMXBean pool : pools) {
            if (pool.isUsageThresholdSupported()) {
                pool.setUsageThreshold(0);
            }
            if (pool.isCollectionUsageThresholdSupported()) {
                pool.setCollectionUsageThreshold(0);
            }
        }
        responder.shutdown();
    }
}
