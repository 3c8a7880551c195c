package io.prsm.runtime.plugins.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/**
 * The CPU share guard's throttle as a lifecycle transition: only an active plugin is throttled,
 * only a throttled one is resumed, and the queue is paused and resumed by the lifecycle alone.
 */
public class LifecycleThrottleTest {

    private final RecordingGate gate = new RecordingGate();
    /** Stands for the guard's audit: recorded among the queue's calls, it shows it comes first. */
    private final Runnable audit = () -> gate.calls.add("audit");
    private final PluginLifecycle lifecycle = new PluginLifecycle("burner", gate);
    private final NamedPlugin first = new NamedPlugin("1.0.0");
    private final NamedPlugin second = new NamedPlugin("2.0.0");

    private void activate(NamedPlugin plugin) {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        assertTrue(lifecycle.attach(plugin));
        assertTrue(lifecycle.activated(plugin));
    }

    @Test
    public void throttledPluginPausesItsQueueAndResumesOnTheSameInstance() throws InterruptedException {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        assertEquals(LifecycleState.THROTTLED, lifecycle.state());
        assertEquals("a throttled plugin still serves, later", PluginState.ACTIVE, lifecycle.state().shown());
        assertEquals(Mode.PAUSED, gate.mode);
        assertEquals("a throttled plugin is settled", LifecycleState.THROTTLED, lifecycle.awaitSettled(Duration.ZERO));
        assertTrue(lifecycle.guards().unthrottle(audit));
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertEquals(Mode.OPEN, gate.mode);
        assertSame(first, gate.openOn);
        assertEquals("audited first; resumed, not reopened: its health count stays",
                List.of("hold", "open", "audit", "pause", "audit", "resume"), gate.calls);
    }

    @Test
    public void memoryCheckHoldsTheQueueThroughTheLifecycleWithoutChangingTheState() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        lifecycle.guards().holdForMemoryCheck();
        assertEquals("the guard's hold is no state", LifecycleState.THROTTLED, lifecycle.state());
        lifecycle.guards().endMemoryCheck();
        assertEquals("still throttled after the guard let go", Mode.PAUSED, gate.mode);
        assertEquals(List.of("hold", "open", "audit", "pause", "hold for memory check", "end memory check"),
                gate.calls);
    }

    @Test
    public void throttledPluginIsNotThrottledAgain() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        assertFalse(lifecycle.guards().throttle(audit));
        assertEquals(List.of("hold", "open", "audit", "pause"), gate.calls);
    }

    @Test
    public void activePluginIsNotResumed() {
        activate(first);
        assertFalse(lifecycle.guards().unthrottle(audit));
        assertEquals(List.of("hold", "open"), gate.calls);
    }

    @Test
    public void startingPluginIsNotThrottled() {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(first);
        assertRefused(LifecycleState.STARTING);
    }

    @Test
    public void stoppingPluginIsNotThrottled() {
        activate(first);
        lifecycle.serviceRemoved("Plugin 'burner' was stopped.");
        assertRefused(LifecycleState.STOPPING);
    }

    @Test
    public void stoppedPluginIsNotThrottled() {
        lifecycle.bundleAt(LifecycleState.STOPPED);
        assertRefused(LifecycleState.STOPPED);
    }

    @Test
    public void swappingPluginIsNotThrottled() {
        activate(first);
        assertTrue(lifecycle.swap().begin());
        assertRefused(LifecycleState.SWAPPING);
    }

    @Test
    public void quarantinedPluginIsNotThrottled() {
        activate(first);
        assertTrue(lifecycle.guards().quarantine("Plugin 'burner' is quarantined."));
        assertRefused(LifecycleState.QUARANTINED);
    }

    @Test
    public void failedPluginIsNotThrottled() {
        activate(first);
        lifecycle.fail("Plugin 'burner' failed.");
        assertRefused(LifecycleState.FAILED);
    }

    /** Neither a throttle nor a resume changes {@code expected} or calls the queue. */
    private void assertRefused(LifecycleState expected) {
        assertEquals(expected, lifecycle.state());
        Mode mode = gate.mode;
        int calls = gate.calls.size();
        assertFalse(lifecycle.guards().throttle(audit));
        assertFalse(lifecycle.guards().unthrottle(audit));
        assertEquals(expected, lifecycle.state());
        assertEquals(mode, gate.mode);
        assertEquals("the queue is left alone", calls, gate.calls.size());
    }

    @Test
    public void resumeAfterQuarantineDoesNotReopenTheQueue() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        assertTrue("a throttled plugin can be quarantined", lifecycle.guards().quarantine("Plugin 'burner' is quarantined."));
        assertFalse(lifecycle.guards().unthrottle(audit));
        assertEquals(LifecycleState.QUARANTINED, lifecycle.state());
        assertEquals(Mode.CLOSED, gate.mode);
        assertEquals("Plugin 'burner' is quarantined.", gate.closedReason);
        assertEquals(List.of("hold", "open", "audit", "pause", "close: Plugin 'burner' is quarantined.",
                "stop running: Plugin 'burner' is quarantined."), gate.calls);
    }

    @Test
    public void throttledPluginThatStopsRefusesItsTasksAndIsNotResumed() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        lifecycle.serviceRemoved("Plugin 'burner' was stopped.");
        assertEquals(LifecycleState.STOPPING, lifecycle.state());
        assertEquals("Plugin 'burner' was stopped.", gate.closedReason);
        assertFalse(lifecycle.guards().unthrottle(audit));
        assertEquals(Mode.CLOSED, gate.mode);
    }

    @Test
    public void swapOfAThrottledPluginHoldsItsTasksAndItsNewInstanceRunsUnthrottled() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        assertTrue(lifecycle.swap().begin());
        assertEquals(Mode.HOLDING, gate.mode);
        lifecycle.serviceRemoved("stopped");
        lifecycle.detach(LifecycleState.STOPPED);
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertTrue(lifecycle.attach(second));
        assertTrue(lifecycle.activated(second));
        lifecycle.swap().end("unused");
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertSame(second, gate.openOn);
        assertFalse("the guard's late resume changes nothing", lifecycle.guards().unthrottle(audit));
        assertEquals(List.of("hold", "open", "audit", "pause", "hold", "open"), gate.calls);
    }

    @Test
    public void uninstalledThrottledPluginStopsFirst() {
        activate(first);
        assertTrue(lifecycle.guards().throttle(audit));
        lifecycle.uninstalled("Plugin 'burner' was uninstalled.");
        assertEquals(LifecycleState.STOPPED, lifecycle.state());
        assertEquals(Mode.CLOSED, gate.mode);
        assertFalse(lifecycle.guards().unthrottle(audit));
    }
}
