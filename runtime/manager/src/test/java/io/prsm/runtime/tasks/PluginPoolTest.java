package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.After;
import org.junit.Test;

import io.prsm.runtime.containment.CollectionWatch;

public class PluginPoolTest {

    private static final long SAFETY_SECONDS = 30;
    /** What a plugin's code leaves on the thread it ran on: a value of its own, reaching its class loader. */
    private static final ThreadLocal<Object> LEFT_BEHIND = new ThreadLocal<>();

    private final Set<PluginPool> live = ConcurrentHashMap.newKeySet();
    private final PluginPool pool = new PluginPool(runnable -> {
        Thread thread = new Thread(runnable, "plugin-pool-test");
        thread.setDaemon(true);
        return thread;
    }, live);

    @After
    public void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(SAFETY_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    public void whatAPluginLeftOnAPoolThreadIsReleasedOnceThePoolIsRetired() throws Exception {
        CollectionWatch loader = leaveALoaderOnAPoolThread();
        // the idle thread keeps it: this is the retention retiring the pool ends
        assertFalse(loader.awaitCollected(Duration.ofMillis(200)));
        pool.retire();
        assertTrue(loader.awaitCollected(Duration.ofSeconds(SAFETY_SECONDS)));
    }

    @Test
    public void aRetiredPoolWithoutThreadsIsDroppedAndTheNextTaskGetsAFreshOne() throws Exception {
        runOne();
        assertEquals(Set.of(pool), live);
        pool.retire();
        assertTrue(pool.awaitTermination(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertTrue(live.isEmpty());
        assertEquals(0, pool.threads());
        runOne();
        assertEquals(Set.of(pool), live);
    }

    @Test
    public void aShutDownPoolRefusesTasks() {
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }

    /**
     * A pool's last thread ends (which reports to the pool under the executor's lock) while the
     * queue retires the pool and the runtime counts its threads: neither may hold the pool's monitor
     * while it waits for the executor's lock. Before, an uninstall deadlocked with the plugin's last
     * task thread.
     */
    @Test
    public void aPoolRetiredWhileItsLastThreadEndsDoesNotDeadlock() throws Exception {
        // a pool of its own, which the test's clean-up does not touch: a deadlocked one would hang it
        PluginPool racedPool = new PluginPool(runnable -> new Thread(runnable, "plugin-pool-race"), live);
        AtomicBoolean racing = new AtomicBoolean(true);
        Thread counting = new Thread(() -> {
            while (racing.get()) {
                racedPool.threads();
            }
        }, "count-threads");
        counting.setDaemon(true);
        Thread retiring = new Thread(() -> {
            for (int round = 0; round < 20000 && racing.get(); round++) {
                CountDownLatch release = new CountDownLatch(1);
                racedPool.execute(() -> awaitQuietly(release));
                release.countDown();
                racedPool.retire();
            }
        }, "retire-race");
        retiring.setDaemon(true);
        counting.start();
        retiring.start();
        retiring.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
        racing.set(false);
        counting.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        assertNull("threads deadlocked: " + Arrays.toString(deadlocked), deadlocked);
        assertFalse("the race did not finish", retiring.isAlive() || counting.isAlive());
        racedPool.shutdown();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SAFETY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** In a method of its own, so that no frame of the test keeps the loader. */
    private CollectionWatch leaveALoaderOnAPoolThread() throws InterruptedException {
        ClassLoader pluginLoader = new URLClassLoader(new URL[0], null);
        CollectionWatch watch = new CollectionWatch(pluginLoader);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            LEFT_BEHIND.set(pluginLoader);
            ran.countDown();
        });
        assertTrue(ran.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        return watch;
    }

    private void runOne() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(SAFETY_SECONDS, TimeUnit.SECONDS));
    }
}
