package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;

/**
 * A stopped task whose thread runs only code that never checks its stop (as JDK code: no woven
 * check, its interrupt ignored) is not reported stopped: it is recorded as a thread that did not
 * stop, audited, its slot is given to another thread, and the plugin is quarantined once it lost
 * more than {@link StuckThreads#MAX_LOST} threads.
 */
public class StuckThreadsTest {

    private static final long SAFETY_SECONDS = 30;

    private TaskExecutors executors;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> quarantine = new AtomicReference<>();
    private final CountDownLatch quarantined = new CountDownLatch(1);
    private final List<String> stops = new CopyOnWriteArrayList<>();
    private final List<Thread> stuck = new CopyOnWriteArrayList<>();

    @After
    public void shutDown() throws InterruptedException {
        release.countDown();
        if (executors != null) {
            executors.shutdown(Duration.ofSeconds(5));
        }
        assertFalse("every stop is lowered once its task left the plugin", CodeStops.anyRaised());
    }

    /** Ignores its interrupt and never checks its stop until the test releases it. */
    private PluginResponse stuck() {
        stuck.add(Thread.currentThread());
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // as awaitUninterruptibly does
            }
        }
        return PluginResponse.success("released");
    }

    private static PluginResponse answer(CompletableFuture<PluginResponse> future) throws Exception {
        return future.get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    public void aThreadThatDoesNotStopIsRecordedItsSlotReplacedAndThePluginQuarantinedPastTheLimit() throws Exception {
        executors = new TaskExecutors(new TaskSettings(1, 10, Duration.ofMillis(200), 0, Duration.ofMillis(1),
                Duration.ofMillis(5), 100, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin()));
        List<CountDownLatch> lost = List.of(new CountDownLatch(1), new CountDownLatch(2), new CountDownLatch(3));
        TaskQueue queue = executors.newQueue("stuck", 0, reason -> {
            quarantine.set(reason);
            quarantined.countDown();
        }, refusal -> { }, stop -> {
            stops.add(stop);
            if (stop.contains("did not stop")) {
                lost.forEach(CountDownLatch::countDown);
            }
        });
        queue.open(new ScriptedPlugin((task, attempt) -> task.type().equals("stuck") ? stuck()
                : PluginResponse.success("pong")));

        for (int i = 0; i < lost.size(); i++) {
            assertEquals("TIMEOUT", answer(queue.submit(Task.of("stuck"))).errorCode());
            assertTrue(lost.get(i).await(SAFETY_SECONDS, TimeUnit.SECONDS));
            if (i < StuckThreads.MAX_LOST) {
                assertNull(quarantine.get());
                // one slot only: the next task runs only because the stuck thread's slot was given back
                assertEquals("pong", answer(queue.submit(Task.of("ping"))).data());
            }
        }
        List<String> lostThreads = queue.lostThreads();
        assertEquals(lostThreads.toString(), 3, lostThreads.size());
        assertTrue(lostThreads.get(0), lostThreads.get(0).startsWith(stuck.get(0).getName() + " (task 'stuck') runs "));
        assertTrue(stops.toString(), stops.stream().anyMatch(stop -> stop.startsWith("thread " + stuck.get(0).getName()
                + " (task 'stuck') runs ") && stop.endsWith(": it did not stop within 1000 ms of its stop; it is "
                + "recorded, not killed (the JVM cannot)")));
        assertTrue(quarantined.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertTrue(quarantine.get(), quarantine.get().startsWith("Plugin 'stuck' is quarantined: 3 of its threads did "
                + "not stop when stopped (more than 2)"));
        assertEquals("PLUGIN_UNAVAILABLE", answer(queue.submit(Task.of("ping"))).errorCode());

    }
}
