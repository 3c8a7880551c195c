package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.containment.Checkpoint;
import io.prsm.limits.TaskSettings;
import io.prsm.platform.CodeStops;

/**
 * A plugin's throwable is the plugin's code: its getMessage, toString and getters may throw or
 * loop. The queue answers such a task, audits it, keeps its worker and frees the task's slot; the
 * next task runs on the one worker of the queue.
 */
public class UnprintableThrowablesTest {

    private static final long SAFETY_SECONDS = 30;

    private TaskExecutors executors;
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    @After
    public void shutDown() throws InterruptedException {
        if (executors != null) {
            executors.shutdown(Duration.ofSeconds(5));
        }
        assertFalse("every stop is lowered once its task left the plugin", CodeStops.anyRaised());
    }

    /** One worker, no retry, no quarantine in reach: a lost worker or slot shows as the next task not running. */
    private TaskQueue queue(Duration timeout) {
        executors = new TaskExecutors(new TaskSettings(1, 10, timeout, 0, Duration.ofMillis(1),
                Duration.ofMillis(5), 100, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin()));
        TaskQueue queue = executors.newQueue("unprintable", 0, reason -> { }, refusals::add, stopped -> { });
        queue.open(new ScriptedPlugin((task, attempt) -> switch (task.type()) {
            case "throwing" -> throw new Unreadable();
            case "throwing-cause" -> throw new PluginException("see cause", new Unreadable());
            case "unreadable-failure" -> throw new UnreadableFailure();
            case "looping" -> throw new Looping();
            default -> PluginResponse.success("pong");
        }));
        return queue;
    }

    private static PluginResponse answer(CompletableFuture<PluginResponse> future) throws Exception {
        return future.get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    private static void assertServesNext(TaskQueue queue) throws Exception {
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
        assertEquals("the task's slot is free", 0, queue.metrics().running());
        assertEquals("pong", answer(queue.submit(Task.of("ping"))).data());
    }

    @Test
    public void anExceptionWhoseMessageAndStringThrowIsAnsweredByItsClassNameAudited() throws Exception {
        TaskQueue queue = queue(Duration.ofSeconds(SAFETY_SECONDS));
        PluginResponse thrown = answer(queue.submit(Task.of("throwing")));
        assertEquals(thrown.toString(), "PLUGIN_ERROR", thrown.errorCode());
        assertEquals("Plugin 'unprintable' failed on task 'throwing': " + Unreadable.class.getName(), thrown.error());
        assertEquals(List.of("threw " + Unreadable.class.getName() + " whose stack trace could not be read (it threw "
                + IllegalStateException.class.getName() + "); it is described by its class name only"), refusals);
        assertServesNext(queue);
    }

    @Test
    public void aCauseThatCannotBeReadLeavesTheFailuresOwnMessage() throws Exception {
        TaskQueue queue = queue(Duration.ofSeconds(SAFETY_SECONDS));
        PluginResponse thrown = answer(queue.submit(Task.of("throwing-cause")));
        assertEquals(thrown.toString(), "see cause", thrown.error());
        assertServesNext(queue);
    }

    @Test
    public void aPluginExceptionWhoseGettersThrowIsACrash() throws Exception {
        TaskQueue queue = queue(Duration.ofSeconds(SAFETY_SECONDS));
        PluginResponse thrown = answer(queue.submit(Task.of("unreadable-failure")));
        assertEquals(thrown.toString(), "PLUGIN_ERROR", thrown.errorCode());
        assertTrue(thrown.error(), thrown.error().endsWith(UnreadableFailure.class.getName()));
        assertTrue(refusals.toString(), refusals.stream().anyMatch(refusal -> refusal.startsWith(
                "threw " + UnreadableFailure.class.getName() + " whose getMessage could not be read")));
        assertServesNext(queue);
    }

    @Test
    public void anExceptionWhoseStringLoopsIsStoppedAtTheDeadlineAndItsWorkerServesOn() throws Exception {
        TaskQueue queue = queue(Duration.ofMillis(300));
        PluginResponse thrown = answer(queue.submit(Task.of("looping")));
        assertEquals(thrown.toString(), "TIMEOUT", thrown.errorCode());
        assertServesNext(queue);
        assertTrue(refusals.toString(), refusals.contains("threw " + Looping.class.getName() + " whose stack trace "
                + "could not be read (it threw io.prsm.api.containment.PluginCodeStopped); it is described by its "
                + "class name only"));
    }

    /** As the attacker's: every way to read it throws. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable() {
            super("unreadable", null, false, false);
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("no message");
        }

        @Override
        public String getLocalizedMessage() {
            throw new IllegalStateException("no message");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("no string");
        }
    }

    /** A PluginException whose message, severity and code throw. */
    static final class UnreadableFailure extends PluginException {
        private static final long serialVersionUID = 1L;

        UnreadableFailure() {
            super("unreadable");
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("no message");
        }

        @Override
        public String getErrorCode() {
            throw new IllegalStateException("no code");
        }
    }

    /** Its toString loops in checked code, as woven plugin code does: only its stop ends it. */
    static final class Looping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Looping() {
            super("looping", null, false, false);
        }

        @Override
        public String toString() {
            while (true) {
                Checkpoint.check();
                Thread.interrupted();
            }
        }
    }
}
