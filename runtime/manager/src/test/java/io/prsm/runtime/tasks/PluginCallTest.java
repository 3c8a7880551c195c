package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.containment.Checkpoint;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;

/**
 * A plugin's lifecycle code ({@code initialize}, {@code shutdown}) runs on the plugin's own task
 * threads, never a shared one, and is stopped at its deadline as a task is.
 */
public class PluginCallTest {

    private static final Duration SAFETY = Duration.ofSeconds(30);

    private final TaskExecutors executors = new TaskExecutors(TaskSettings.DEFAULTS);
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final TaskQueue queue = executors.newQueue("slow-starter", 0, reason -> { }, refusal -> { },
            audited::add);

    @After
    public void shutDown() throws InterruptedException {
        executors.shutdown(Duration.ofSeconds(5));
        assertFalse("every stop is lowered once the call left the plugin", CodeStops.anyRaised());
    }

    @Test
    public void anInitializeThatSpinsRunsOnThePluginsOwnThreadAndIsStoppedAtItsDeadline() throws Exception {
        AtomicReference<String> group = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        PluginCall call = queue.call("initialize", () -> {
            group.set(Thread.currentThread().getThreadGroup().getName());
            try {
                while (true) {
                    // as woven code: the check throws once the call's stop is raised
                    Checkpoint.check();
                    Thread.interrupted();
                }
            } catch (Error stopped) {
                thrown.set(stopped);
            }
        }, Duration.ofMillis(100), "it did not return within 0.1 s");
        assertTrue(call.await(SAFETY));
        assertEquals("it did not return within 0.1 s", call.stopped());
        assertEquals("prsm-plugin slow-starter", group.get());
        assertTrue(String.valueOf(thrown.get()), thrown.get() != null);
        assertEquals(List.of("initialize stopped: it did not return within 0.1 s"), audited);
    }

    @Test
    public void aCallThatReturnsInTimeIsNotStopped() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        PluginCall call = queue.call("shutdown", () -> thread.set(Thread.currentThread().getName()), SAFETY,
                "unused");
        assertTrue(call.await(SAFETY));
        assertNull(call.stopped());
        assertFalse("a call that returned cannot be stopped", call.stop("late"));
        assertTrue(thread.get(), thread.get().startsWith("prsm-task-slow-starter-"));
        assertTrue(audited.isEmpty());
    }

    @Test
    public void aStopOfThePluginStopsItsRunningCall() throws Exception {
        PluginCall call = queue.call("initialize", () -> {
            while (true) {
                Checkpoint.check();
            }
        }, SAFETY, "unused");
        // stop() before the body began is a stop too: the body then never runs
        assertTrue(call.stop("it was still running when plugin 'slow-starter' was stopped"));
        assertTrue(call.await(SAFETY));
        assertEquals("it was still running when plugin 'slow-starter' was stopped", call.stopped());
    }
}
