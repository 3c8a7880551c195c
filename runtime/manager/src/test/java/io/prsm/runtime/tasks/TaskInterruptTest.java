package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.containment.Checkpoint;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;

/**
 * The interrupt of a stopped task runs the plugin's code when the plugin made its thread block on
 * a channel of its own (finding 2 of attack pass 2): that code must not run on the deadline
 * watchdog, which would then stop no task of any plugin again.
 */
public class TaskInterruptTest {

    private static final long SAFETY_SECONDS = 30;

    private TaskExecutors executors;
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void shutDown() throws InterruptedException {
        release.countDown();
        if (executors != null) {
            executors.shutdown(Duration.ofSeconds(5));
        }
        assertFalse("every stop is lowered once its task left the plugin", CodeStops.anyRaised());
    }

    private static PluginResponse answer(CompletableFuture<PluginResponse> future) throws Exception {
        return future.get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    /** As the attacker's: its close blocks, ignoring interrupts, until the test releases it. */
    private final class Interruptor extends AbstractInterruptibleChannel {
        volatile String closedOn;
        volatile boolean stopRaisedThere;
        final CountDownLatch closing = new CountDownLatch(1);

        @Override
        protected void implCloseChannel() {
            closedOn = Thread.currentThread().getName();
            stopRaisedThere = CodeStops.raised();
            closing.countDown();
            awaitRelease();
        }

        void arm() {
            begin();
        }
    }

    private void awaitRelease() {
        boolean interrupted = false;
        while (release.getCount() > 0) {
            try {
                release.await();
            } catch (InterruptedException ignored) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void thePluginsCloseCodeRunsOnAThrowAwayThreadWithItsStopRaisedAndOtherTasksStillTimeOut()
            throws Exception {
        executors = new TaskExecutors(new TaskSettings(1, 10, Duration.ofMillis(200), 0, Duration.ofMillis(1),
                Duration.ofMillis(5), 100, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin()));
        Interruptor channel = new Interruptor();
        TaskQueue interruptor = executors.newQueue("interruptor", reason -> { });
        interruptor.open(new ScriptedPlugin((task, attempt) -> {
            channel.arm();
            awaitRelease();
            return PluginResponse.success("released");
        }));
        TaskQueue spinner = executors.newQueue("spinner", reason -> { });
        spinner.open(new ScriptedPlugin((task, attempt) -> {
            while (true) {
                Checkpoint.check();
                Thread.interrupted();
            }
        }));

        assertEquals("TIMEOUT", answer(interruptor.submit(Task.of("arm"))).errorCode());
        assertTrue(channel.closing.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertTrue(channel.closedOn, channel.closedOn.startsWith("prsm-interrupt prsm-task-"));
        assertTrue("the interrupter runs with the plugin's stop raised", channel.stopRaisedThere);
        // the plugin's close still blocks: the watchdog must be free to stop another plugin's task
        assertEquals("TIMEOUT", answer(spinner.submit(Task.of("spin"))).errorCode());

        release.countDown();
        assertTrue(interruptor.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
        assertTrue(spinner.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
    }

    /**
     * The interrupter is the platform's thread, not counted against the plugin's thread limit, so
     * a plugin must not make the platform start one per stop: its interrupts are delivered one at
     * a time by one thread, and a close code that blocks holds up only that plugin's later ones.
     */
    @Test
    public void aPluginsInterruptsAreDeliveredByOneThreadAtATime() throws Exception {
        executors = new TaskExecutors(new TaskSettings(3, 10, Duration.ofMillis(200), 0, Duration.ofMillis(1),
                Duration.ofMillis(5), 100, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin()));
        List<Interruptor> channels = List.of(new Interruptor(), new Interruptor(), new Interruptor());
        CountDownLatch armed = new CountDownLatch(channels.size());
        TaskQueue interruptors = executors.newQueue("interruptors", reason -> { });
        interruptors.open(new ScriptedPlugin((task, attempt) -> {
            channels.get(Integer.parseInt(task.type())).arm();
            armed.countDown();
            awaitRelease();
            return PluginResponse.success("released");
        }));
        List<CompletableFuture<PluginResponse>> answers = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            answers.add(interruptors.submit(Task.of(String.valueOf(i))));
        }
        for (CompletableFuture<PluginResponse> answer : answers) {
            assertEquals("TIMEOUT", answer(answer).errorCode());
        }
        assertTrue(armed.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        Interruptor first = null;
        while (first == null) {
            for (Interruptor channel : channels) {
                if (channel.closing.await(10, TimeUnit.MILLISECONDS)) {
                    first = channel;
                    break;
                }
            }
        }
        // the first close blocks its interrupter: the other two interrupts wait behind it
        long closing = channels.stream().filter(channel -> channel.closing.getCount() == 0).count();
        assertEquals("one interrupt at a time for one plugin", 1, closing);
        long interrupters = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("prsm-interrupt prsm-task-interruptors-")).count();
        assertEquals("one interrupter thread for the plugin", 1, interrupters);
        assertTrue(first.closedOn, first.closedOn.startsWith("prsm-interrupt prsm-task-interruptors-"));

        release.countDown();
        assertTrue(interruptors.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
    }
}
