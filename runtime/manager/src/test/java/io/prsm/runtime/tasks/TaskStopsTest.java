package io.prsm.runtime.tasks;

import io.prsm.limits.TaskSettings;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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

import io.prsm.api.ErrorSeverity;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.containment.Checkpoint;
import io.prsm.api.containment.PluginCodeStopped;
import io.prsm.platform.CodeStops;

/**
 * Tasks whose code does not stop by itself: the queue stops them at their deadline, when the
 * plugin is stopped and when it is quarantined. The scripts call {@link Checkpoint#check()} in their
 * loops, as the code the gatekeeper weaves does, and swallow interrupts.
 */
public class TaskStopsTest {

    private static final long SAFETY_SECONDS = 30;

    private TaskExecutors executors;
    private final AtomicReference<String> quarantine = new AtomicReference<>();
    private final List<String> stops = new CopyOnWriteArrayList<>();

    @After
    public void shutDown() throws InterruptedException {
        if (executors != null) {
            executors.shutdown(Duration.ofSeconds(5));
        }
        assertFalse("every stop is lowered once its task left the plugin", CodeStops.anyRaised());
    }

    private TaskQueue queue(int concurrency, Duration timeout, int quarantineAfter) {
        return queue(concurrency, timeout, quarantineAfter, 0);
    }

    private TaskQueue queue(int concurrency, Duration timeout, int quarantineAfter, long memoryLimit) {
        executors = new TaskExecutors(new TaskSettings(concurrency, 10, timeout, 0, Duration.ofMillis(1),
                Duration.ofMillis(5), quarantineAfter, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin()));
        return executors.newQueue("runaway", memoryLimit, quarantine::set, refusal -> { }, stops::add);
    }

    private static PluginResponse answer(CompletableFuture<PluginResponse> future) throws Exception {
        return future.get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    /** Spins until stopped, ignoring interrupts, as a runaway plugin does. */
    private static PluginResponse spin(CountDownLatch started) {
        started.countDown();
        while (true) {
            Checkpoint.check();
            Thread.interrupted();
        }
    }

    @Test
    public void aSpinnerPastItsDeadlineIsStoppedAndItsThreadServesTheNextTask() throws Exception {
        TaskQueue queue = queue(1, Duration.ofMillis(200), 5);
        CountDownLatch started = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> task.type().equals("spin") ? spin(started)
                : PluginResponse.success("pong")));
        PluginResponse spun = answer(queue.submit(Task.of("spin")));
        assertEquals("TIMEOUT", spun.errorCode());
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
        assertEquals(0, queue.metrics().running());
        // one worker only: the next task runs only if the spinner gave its thread back
        assertEquals("pong", answer(queue.submit(Task.of("ping"))).data());
        assertEquals(1, stops.size());
        assertTrue(stops.get(0), stops.get(0).startsWith("task 'spin' stopped: Task 'spin' of plugin 'runaway' did "
                + "not finish within 200 ms"));
    }

    @Test
    public void stoppingThePluginStopsItsRunningTasksWithoutCountingAgainstItsHealth() throws Exception {
        TaskQueue queue = queue(1, Duration.ofSeconds(SAFETY_SECONDS), 1);
        CountDownLatch started = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> spin(started)));
        CompletableFuture<PluginResponse> running = queue.submit(Task.of("spin"));
        assertTrue(started.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        queue.close("Plugin 'runaway' was stopped.");
        assertFalse("a running task is not stopped by closing alone", running.isDone());
        queue.stopRunning("Plugin 'runaway' was stopped while the task still ran.");
        PluginResponse stopped = answer(running);
        assertEquals("PLUGIN_UNAVAILABLE", stopped.errorCode());
        assertEquals("Plugin 'runaway' was stopped while the task still ran.", stopped.error());
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
        assertEquals(0, queue.metrics().consecutiveFailures());
        assertEquals(null, quarantine.get());
        assertEquals(List.of("task 'spin' stopped: Plugin 'runaway' was stopped while the task still ran."), stops);
    }

    @Test
    public void aQuarantineStopsTheTasksThatStillRun() throws Exception {
        TaskQueue queue = queue(2, Duration.ofSeconds(SAFETY_SECONDS), 1);
        CountDownLatch started = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> task.type().equals("spin") ? spin(started)
                : PluginResponse.failure("broken", ErrorSeverity.HIGH, "BROKEN")));
        CompletableFuture<PluginResponse> running = queue.submit(Task.of("spin"));
        assertTrue(started.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertEquals("BROKEN", answer(queue.submit(Task.of("fail"))).errorCode());
        PluginResponse stopped = answer(running);
        assertEquals("PLUGIN_UNAVAILABLE", stopped.errorCode());
        assertTrue(stopped.error(), stopped.error().contains("is quarantined after 1 consecutive failures"));
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
    }

    @Test
    public void aTaskThatAllocatesPastItsPluginsMemoryIsStoppedWithMemoryLimit() throws Exception {
        TaskQueue queue = queue(1, Duration.ofSeconds(SAFETY_SECONDS), 5, 16L * 1024 * 1024);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            if (task.type().equals("ping")) {
                return PluginResponse.success("pong");
            }
            List<byte[]> hoard = new java.util.ArrayList<>();
            while (true) {
                Checkpoint.check();
                hoard.add(new byte[64 * 1024]);
                if (hoard.size() > 256) {
                    hoard.clear(); // keeps the test's own heap small: the limit counts allocation, not what is kept
                }
            }
        }));
        PluginResponse hoarded = answer(queue.submit(Task.of("hoard")));
        assertEquals(hoarded.toString(), "MEMORY_LIMIT", hoarded.errorCode());
        assertTrue(hoarded.error(), hoarded.error().contains("more than the 16 MiB its plugin declares (memory)"));
        assertEquals("pong", answer(queue.submit(Task.of("ping"))).data());
        assertEquals(1, stops.size());
        assertEquals("the overrun counts as the plugin's failure", 1, queue.metrics().failed());
    }

    @Test
    public void aPluginThatThrowsTheStopItselfHasCrashed() throws Exception {
        TaskQueue queue = queue(1, Duration.ofSeconds(SAFETY_SECONDS), 5);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            throw new PluginCodeStopped("not really stopped");
        }));
        PluginResponse crashed = answer(queue.submit(Task.of("pretend")));
        assertEquals("PLUGIN_ERROR", crashed.errorCode());
        assertEquals(1, queue.metrics().consecutiveFailures());
    }
}
