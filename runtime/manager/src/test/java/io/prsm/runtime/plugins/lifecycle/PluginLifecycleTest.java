package io.prsm.runtime.plugins.lifecycle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.plugins.lifecycle.TaskGate.Mode;

/** What the events the runtime reports mean in each state, and what the queue is told. */
public class PluginLifecycleTest {

    private final RecordingGate gate = new RecordingGate();
    private final PluginLifecycle lifecycle = new PluginLifecycle("greeter", gate);
    private final NamedPlugin first = new NamedPlugin("1.0.0");
    private final NamedPlugin second = new NamedPlugin("2.0.0");

    private void activate(NamedPlugin plugin) {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        assertTrue(lifecycle.attach(plugin));
        assertTrue(lifecycle.activated(plugin));
    }

    @Test
    public void startingPluginHoldsTasksUntilItsInstanceIsActive() {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        assertEquals(Mode.HOLDING, gate.mode);
        assertTrue(lifecycle.attach(first));
        assertEquals(LifecycleState.STARTING, lifecycle.state());
        assertEquals(PluginState.INITIALIZED, lifecycle.state().shown());
        assertEquals(Mode.HOLDING, gate.mode);
        assertTrue(lifecycle.activated(first));
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertSame(first, gate.openOn);
        assertEquals(List.of("hold", "open"), gate.calls);
    }

    @Test
    public void secondServiceOfOnePluginIsNotAttached() {
        activate(first);
        assertFalse(lifecycle.attach(second));
        assertSame(first, lifecycle.instance());
    }

    @Test
    public void bundleEventsDoNotMoveARunningPlugin() {
        activate(first);
        lifecycle.bundleAt(LifecycleState.STOPPED);
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertEquals(Mode.OPEN, gate.mode);
    }

    @Test
    public void stoppedPluginRefusesTasksWithTheStopReasonAndHandsItsInstanceToShutdown() {
        activate(first);
        lifecycle.serviceRemoved("Plugin 'greeter' was stopped.");
        assertEquals(LifecycleState.STOPPING, lifecycle.state());
        assertEquals("Plugin 'greeter' was stopped.", gate.closedReason);
        assertSame("an initialized instance is shut down", first, lifecycle.detach(LifecycleState.STOPPED));
        assertEquals(LifecycleState.STOPPED, lifecycle.state());
        assertEquals("the stop's reason stays what tasks are told", "Plugin 'greeter' was stopped.",
                gate.closedReason);
    }

    @Test
    public void initializeThatEndsAfterTheStopBeganOpensNothingButIsShutDown() {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(first);
        lifecycle.serviceRemoved("stopped");
        assertFalse(lifecycle.activated(first));
        assertEquals(Mode.CLOSED, gate.mode);
        assertSame(first, lifecycle.detach(LifecycleState.STOPPED));
    }

    @Test
    public void failedInitializeRefusesTasksAndKeepsItsErrorThroughAStop() {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.attach(first);
        lifecycle.fail("Plugin 'greeter' failed to initialize: no key.");
        assertEquals(LifecycleState.FAILED, lifecycle.state());
        assertEquals("Plugin 'greeter' failed to initialize: no key.", gate.closedReason);
        lifecycle.serviceRemoved("Plugin 'greeter' was stopped.");
        assertNull("it never initialized: no shutdown", lifecycle.detach(LifecycleState.STOPPED));
        assertEquals(LifecycleState.FAILED, lifecycle.state());
        assertEquals("Plugin 'greeter' failed to initialize: no key.", lifecycle.lastError());
    }

    @Test
    public void failedPluginTakesNoServiceUntilStartedAgain() {
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        lifecycle.fail("The io.prsm.api.Plugin service could not be obtained.");
        assertFalse(lifecycle.attach(first));
        assertEquals(LifecycleState.FAILED, lifecycle.state());
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertTrue(lifecycle.attach(first));
        assertEquals(LifecycleState.STARTING, lifecycle.state());
    }

    @Test
    public void quarantineThenRestart() {
        activate(first);
        assertTrue(lifecycle.guards().quarantine("quarantined after 5 consecutive failures"));
        assertEquals(LifecycleState.QUARANTINED, lifecycle.state());
        assertEquals(PluginState.FAILED, lifecycle.state().shown());
        assertEquals(List.of("hold", "open", "close: quarantined after 5 consecutive failures",
                "stop running: quarantined after 5 consecutive failures"), gate.calls);
        lifecycle.bundleAt(LifecycleState.RESOLVED);
        assertEquals("its bundle still runs; the quarantine holds", LifecycleState.QUARANTINED, lifecycle.state());

        // prsm:start: its bundle is stopped (transiently) and started, and a fresh instance comes
        lifecycle.serviceRemoved("Plugin 'greeter' was stopped.");
        assertSame(first, lifecycle.detach(LifecycleState.STOPPED));
        assertEquals(LifecycleState.QUARANTINED, lifecycle.state());
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertEquals(LifecycleState.RESOLVED, lifecycle.state());
        assertNull("a restart clears the quarantine's error", lifecycle.lastError());
        assertEquals(Mode.HOLDING, gate.mode);
        assertTrue(lifecycle.attach(second));
        assertTrue(lifecycle.activated(second));
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertSame(second, gate.openOn);
    }

    @Test
    public void quarantineOfAPluginThatRunsNothingChangesNothingButItsError() {
        lifecycle.bundleAt(LifecycleState.STOPPED);
        assertFalse(lifecycle.guards().quarantine("over its memory"));
        assertEquals(LifecycleState.STOPPED, lifecycle.state());
        assertEquals("over its memory", lifecycle.lastError());
        assertTrue(gate.calls.isEmpty());
    }

    @Test
    public void refusedManifestStaysFailedWhenStarted() {
        lifecycle.fail("Invalid manifest: no version.", "Plugin 'greeter' is refused.");
        lifecycle.restarting(false, LifecycleState.RESOLVED);
        assertEquals(LifecycleState.FAILED, lifecycle.state());
        assertEquals("Plugin 'greeter' is refused.", gate.closedReason);
    }

    @Test
    public void pluginWaitingForAGrantShowsInstalledUntilStartedAgain() {
        lifecycle.bundleAt(LifecycleState.STOPPED);
        lifecycle.awaitGrant("It requires a permission the policy does not grant.");
        assertEquals(LifecycleState.INSTALLED, lifecycle.state());
        assertTrue(lifecycle.awaitingGrant());
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertFalse(lifecycle.awaitingGrant());
        assertEquals(LifecycleState.RESOLVED, lifecycle.state());
    }

    @Test
    public void swapHoldsTasksAndHandsTheStateToTheNewInstance() throws InterruptedException {
        activate(first);
        assertTrue(lifecycle.swap().begin());
        assertEquals(Mode.HOLDING, gate.mode);
        assertEquals("a swap is invisible to operators", PluginState.ACTIVE, lifecycle.state().shown());
        lifecycle.swap().handOver(Map.of("count", 3));
        // the bundle is stopped, updated and started: the instances come and go, the queue keeps holding
        lifecycle.serviceRemoved("Plugin 'greeter' was stopped.");
        assertSame(first, lifecycle.detach(LifecycleState.STOPPED));
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertTrue(lifecycle.attach(second));
        assertEquals(LifecycleState.SWAPPING, lifecycle.state());
        assertEquals(Map.of("count", 3), lifecycle.swap().handover());
        assertTrue(lifecycle.activated(second));
        assertEquals(LifecycleState.ACTIVE, lifecycle.awaitSettled(Duration.ZERO));
        lifecycle.swap().end("unused");
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertNull(lifecycle.swap().handover());
        assertEquals("no task was refused during the swap", List.of("hold", "open", "hold", "open"), gate.calls);
        assertSame(second, gate.openOn);
    }

    @Test
    public void swapThatRollsBack() throws InterruptedException {
        activate(first);
        assertTrue(lifecycle.swap().begin());
        lifecycle.swap().handOver(Map.of("count", 3));
        lifecycle.serviceRemoved("stopped");
        lifecycle.detach(LifecycleState.STOPPED);
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        lifecycle.attach(second);
        lifecycle.fail("Plugin 'greeter' failed to initialize: bad config.");
        assertEquals("the new version's failure settles the wait of the swap", LifecycleState.SWAPPING,
                lifecycle.awaitSettled(Duration.ofSeconds(30)));
        assertEquals("Plugin 'greeter' failed to initialize: bad config.", lifecycle.lastError());
        assertEquals(Mode.HOLDING, gate.mode);

        // the old content is put back and started: it gets the state again
        NamedPlugin restored = new NamedPlugin("1.0.0 again");
        lifecycle.serviceRemoved("stopped");
        assertNull(lifecycle.detach(LifecycleState.STOPPED));
        lifecycle.restarting(true, LifecycleState.RESOLVED);
        assertNull("the restart of the old version clears the failed attempt", lifecycle.lastError());
        lifecycle.attach(restored);
        assertEquals(Map.of("count", 3), lifecycle.swap().handover());
        assertTrue(lifecycle.activated(restored));
        lifecycle.swap().end("unused");
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertSame(restored, gate.openOn);
        assertEquals("held tasks were never refused", List.of("hold", "open", "hold", "open"), gate.calls);
    }

    @Test
    public void swapThatCannotRollBackFailsThePluginAndRefusesItsTasks() {
        activate(first);
        lifecycle.swap().begin();
        lifecycle.serviceRemoved("stopped");
        lifecycle.detach(LifecycleState.STOPPED);
        lifecycle.swap().end("Plugin 'greeter' could not be restored after a failed swap.");
        assertEquals(LifecycleState.FAILED, lifecycle.state());
        assertEquals("Plugin 'greeter' could not be restored after a failed swap.", gate.closedReason);
        assertEquals("Plugin 'greeter' could not be restored after a failed swap.", lifecycle.lastError());
    }

    @Test
    public void abandonedSwapReopensTheQueueOnTheSameInstance() {
        activate(first);
        lifecycle.swap().begin();
        lifecycle.swap().resume();
        assertEquals(LifecycleState.ACTIVE, lifecycle.state());
        assertSame(first, gate.openOn);
    }

    @Test
    public void pluginThatDoesNotServeIsSwappedWithoutHoldingItsTasks() {
        lifecycle.bundleAt(LifecycleState.STOPPED);
        assertFalse(lifecycle.swap().begin());
        assertEquals(LifecycleState.STOPPED, lifecycle.state());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> lifecycle.swap().handOver(Map.of()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("'greeter'"));
    }

    @Test
    public void uninstalledPluginRefusesTasksWithWhy() {
        activate(first);
        lifecycle.serviceRemoved("stopped");
        lifecycle.detach(LifecycleState.STOPPED);
        lifecycle.uninstalled("Plugin 'greeter' was uninstalled.");
        assertEquals(LifecycleState.STOPPED, lifecycle.state());
        assertEquals("Plugin 'greeter' was uninstalled.", gate.closedReason);
    }
}
