package io.prsm.runtime.plugins.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.limits.TaskSettings;
import io.prsm.runtime.tasks.TaskExecutors;
import io.prsm.runtime.tasks.TaskQueue;

/** The lifecycle against the real task queue: what a task submitted in each queue mode gets. */
public class LifecycleDrivesTaskQueueTest {

    /** Long enough never to be reached by a passing test; only bounds a broken one. */
    private static final long SAFETY_SECONDS = 30;

    private final TaskExecutors executors = new TaskExecutors(TaskSettings.DEFAULTS);
    private final TaskQueue queue = executors.newQueue("greeter", reason -> { });
    /** The guard's audit, which LifecycleThrottleTest orders; nothing to record here. */
    private final Runnable audit = () -> { };
    private final PluginLifecycle lifecycle = new PluginLifecycle("greeter", queue);

    @After
    public void shutDown() throws InterruptedException {
        executors.shutdown(Duration.ofSeconds(5));
    }

    @Test
    public void closedQueueRefusesHeldQueueKeepsAndOpenQueueRuns() throws Exception {
        PluginResponse refused = queue.submit(Task.of("hello")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
        assertFalse(refused.success());
        assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());

        lifecycle.bundleAt(LifecycleState.RESOLVED);
        CompletableFuture<PluginResponse> held = queue.submit(Task.of("hello"));
        NamedPlugin plugin = new NamedPlugin("first");
        lifecycle.attach(plugin);
        assertFalse("a starting plugin holds its tasks", held.isDone());
        lifecycle.activated(plugin);
        PluginResponse ran = held.get(SAFETY_SECONDS, TimeUnit.SECONDS);
        assertTrue(ran.success());
        assertEquals("first", ran.data());
    }

    @Test
    public void quarantinedPluginRefusesTasksWithTheReason() throws Exception {
        NamedPlugin plugin = new NamedPlugin("first");
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(plugin);
        lifecycle.activated(plugin);
        lifecycle.guards().quarantine("Plugin 'greeter' is quarantined by the memory guard.");
        PluginResponse refused = queue.submit(Task.of("hello")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
        assertEquals("Plugin 'greeter' is quarantined by the memory guard.", refused.error());
        assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());
    }

    @Test
    public void queueThatCountsTooManyFailuresQuarantinesThroughTheLifecycle() throws Exception {
        TaskSettings quarantineAfterTwo = new TaskSettings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 0,
                Duration.ofMillis(1), Duration.ofMillis(5), 2, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin());
        TaskExecutors own = new TaskExecutors(quarantineAfterTwo);
        try {
            AtomicReference<PluginLifecycle> lifecycleOfQueue = new AtomicReference<>();
            TaskQueue failing = own.newQueue("crasher", reason -> lifecycleOfQueue.get().guards().quarantine(reason));
            PluginLifecycle crasher = new PluginLifecycle("crasher", failing);
            lifecycleOfQueue.set(crasher);
            Plugin crashes = new Plugin() {
                @Override
                public void initialize(PluginConfig config) {
                    // never initialized here
                }

                @Override
                public PluginResponse execute(Task task) {
                    throw new IllegalStateException("always");
                }

                @Override
                public void shutdown() {
                    // nothing held
                }
            };
            crasher.bundleAt(LifecycleState.RESOLVED);
            crasher.attach(crashes);
            crasher.activated(crashes);
            failing.submit(Task.of("one")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
            failing.submit(Task.of("two")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
            assertEquals(LifecycleState.QUARANTINED, crasher.state());
            assertTrue(crasher.lastError(), crasher.lastError().contains("quarantined after 2 consecutive failures"));
            PluginResponse refused = failing.submit(Task.of("three")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
            assertEquals(crasher.lastError(), refused.error());
        } finally {
            own.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    public void throttledPluginKeepsItsTasksWaitingUntilItIsBackWithinItsShare() throws Exception {
        NamedPlugin plugin = new NamedPlugin("first");
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(plugin);
        lifecycle.activated(plugin);
        assertTrue(lifecycle.guards().throttle(audit));
        CompletableFuture<PluginResponse> waiting = queue.submit(Task.of("hello"));
        assertFalse("a throttled plugin's queue starts no task", waiting.isDone());
        assertEquals(1, queue.metrics().queued());
        assertTrue(lifecycle.guards().unthrottle(audit));
        PluginResponse ran = waiting.get(SAFETY_SECONDS, TimeUnit.SECONDS);
        assertTrue(ran.success());
        assertEquals("first", ran.data());
    }

    @Test
    public void throttledPluginQuarantinedRefusesItsWaitingTasksAndIsNotReopened() throws Exception {
        NamedPlugin plugin = new NamedPlugin("first");
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(plugin);
        lifecycle.activated(plugin);
        assertTrue(lifecycle.guards().throttle(audit));
        CompletableFuture<PluginResponse> waiting = queue.submit(Task.of("hello"));
        lifecycle.guards().quarantine("Plugin 'greeter' is quarantined: it used too much CPU.");
        assertEquals("Plugin 'greeter' is quarantined: it used too much CPU.",
                waiting.get(SAFETY_SECONDS, TimeUnit.SECONDS).error());
        assertFalse(lifecycle.guards().unthrottle(audit));
        PluginResponse refused = queue.submit(Task.of("hello")).get(SAFETY_SECONDS, TimeUnit.SECONDS);
        assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());
    }
}
