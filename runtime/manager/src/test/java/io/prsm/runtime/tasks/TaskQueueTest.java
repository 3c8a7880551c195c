package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.ErrorSeverity;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginMetrics;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.TaskSettings;

public class TaskQueueTest {

    /** Long enough never to be reached by a passing test; only bounds a broken one. */
    private static final long SAFETY_SECONDS = 30;

    private TaskExecutors executors;
    private final AtomicReference<String> quarantine = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @After
    public void shutDown() throws InterruptedException {
        release.countDown();
        if (executors != null) {
            executors.shutdown(Duration.ofSeconds(5));
        }
    }

    private TaskQueue queue(TaskSettings settings) {
        executors = new TaskExecutors(settings);
        return executors.newQueue("test-plugin", quarantine::set);
    }

    private static TaskSettings settings(int concurrency, int queue, Duration timeout, int retries, int quarantineAfter) {
        return new TaskSettings(concurrency, queue, timeout, retries, Duration.ofMillis(1), Duration.ofMillis(5),
                quarantineAfter, Duration.ofSeconds(5), TaskSettings.DEFAULTS.spin());
    }

    private static PluginResponse answer(CompletableFuture<PluginResponse> future) throws Exception {
        return future.get(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    private PluginResponse blockUntilReleased(CountDownLatch started) throws InterruptedException {
        started.countDown();
        release.await();
        return PluginResponse.success("released");
    }

    @Test
    public void taskRunsOffTheCallersThread() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        queue.open(new ScriptedPlugin((task, attempt) -> PluginResponse.success(Thread.currentThread().getName())));
        PluginResponse response = answer(queue.submit(Task.of("where")));
        assertTrue(response.success());
        assertNotEquals(Thread.currentThread().getName(), response.data());
        assertTrue(String.valueOf(response.data()).startsWith("prsm-task-"));
    }

    @Test
    public void anAnswerIsHeldToTheConfiguredNumberLength() throws Exception {
        executors = new TaskExecutors(TaskSettings.DEFAULTS,
                JsonLimits.from(name -> JsonLimits.MAX_NUMBER_LENGTH.equals(name) ? "10" : null));
        TaskQueue queue = executors.newQueue("test-plugin", quarantine::set);
        queue.open(new ScriptedPlugin((task, attempt) -> PluginResponse.success(new BigInteger(task.type()))));
        assertTrue(answer(queue.submit(Task.of("9999999999"))).success());
        PluginResponse refused = answer(queue.submit(Task.of("10000000000")));
        assertEquals("INVALID_ANSWER", refused.errorCode());
        assertTrue(refused.error(), refused.error().contains("data is a number longer than 10 digits"));
    }

    @Test
    public void fullQueueAnswersAtOnceWithQueueFull() throws Exception {
        TaskQueue queue = queue(settings(1, 2, Duration.ofSeconds(SAFETY_SECONDS), 0, 5));
        CountDownLatch started = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> blockUntilReleased(started)));
        CompletableFuture<PluginResponse> running = queue.submit(Task.of("a"));
        assertTrue(started.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<PluginResponse> waiting1 = queue.submit(Task.of("b"));
        CompletableFuture<PluginResponse> waiting2 = queue.submit(Task.of("c"));
        CompletableFuture<PluginResponse> refused = queue.submit(Task.of("d"));

        assertTrue("a full queue answers at once", refused.isDone());
        assertEquals("QUEUE_FULL", refused.get().errorCode());
        assertTrue(refused.get().error().contains("queue is full"));
        assertFalse(waiting1.isDone());

        release.countDown();
        for (CompletableFuture<PluginResponse> accepted : List.of(running, waiting1, waiting2)) {
            assertTrue(answer(accepted).success());
        }
        PluginMetrics metrics = queue.metrics();
        assertEquals(4, metrics.submitted());
        assertEquals(1, metrics.rejected());
        assertEquals(3, metrics.succeeded());
    }

    @Test
    public void taskThatOverrunsItsTimeoutIsAnsweredWithTimeoutAndInterrupted() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofMillis(100), 0, 5));
        CountDownLatch interrupted = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return PluginResponse.success("too late");
        }));
        PluginResponse response = answer(queue.submit(Task.of("slow")));
        assertFalse(response.success());
        assertEquals("TIMEOUT", response.errorCode());
        assertEquals(ErrorSeverity.HIGH, response.errorSeverity());
        assertTrue("the overrunning attempt is interrupted", interrupted.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, queue.metrics().timedOut());
    }

    @Test
    public void retryableFailureIsRetriedUntilItSucceeds() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 3, 10));
        ScriptedPlugin plugin = new ScriptedPlugin((task, attempt) -> {
            if (attempt < 3) {
                throw PluginException.retryable("upstream busy", "UPSTREAM_BUSY");
            }
            return PluginResponse.success(attempt);
        });
        queue.open(plugin);
        PluginResponse response = answer(queue.submit(Task.of("flaky")));
        assertTrue(response.success());
        assertEquals(3, response.data());
        assertEquals(2, queue.metrics().retries());
        assertEquals(0, queue.metrics().consecutiveFailures());
    }

    @Test
    public void retriesStopAtTheLimit() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 2, 10));
        ScriptedPlugin plugin = new ScriptedPlugin((task, attempt) -> {
            throw PluginException.retryable("still busy", "UPSTREAM_BUSY");
        });
        queue.open(plugin);
        PluginResponse response = answer(queue.submit(Task.of("hopeless")));
        assertFalse(response.success());
        assertEquals("UPSTREAM_BUSY", response.errorCode());
        assertEquals("first attempt and two retries", 3, plugin.attempts.get());
    }

    @Test
    public void nonRetryableFailureIsNotRetried() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 3, 10));
        ScriptedPlugin plugin = new ScriptedPlugin((task, attempt) -> {
            throw new PluginException("broken for good");
        });
        queue.open(plugin);
        PluginResponse response = answer(queue.submit(Task.of("broken")));
        assertEquals("PLUGIN_ERROR", response.errorCode());
        assertEquals("broken for good", response.error());
        assertEquals(1, plugin.attempts.get());
    }

    @Test
    public void backoffDoublesUpToItsMaximum() {
        TaskSettings settings = new TaskSettings(1, 1, Duration.ofSeconds(1), 5, Duration.ofMillis(100),
                Duration.ofMillis(350), 5, Duration.ofSeconds(1), Duration.ZERO);
        assertEquals(Duration.ofMillis(100), settings.backoffBefore(1));
        assertEquals(Duration.ofMillis(200), settings.backoffBefore(2));
        assertEquals(Duration.ofMillis(350), settings.backoffBefore(3));
        assertEquals(Duration.ofMillis(350), settings.backoffBefore(40));
    }

    @Test
    public void consecutiveFailuresQuarantineThePluginUntilReopened() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 0, 3));
        ScriptedPlugin crashing = new ScriptedPlugin((task, attempt) -> {
            throw new IllegalStateException("boom " + attempt);
        });
        queue.open(crashing);
        for (int i = 0; i < 3; i++) {
            PluginResponse response = answer(queue.submit(Task.of("crash")));
            assertEquals("PLUGIN_ERROR", response.errorCode());
            assertTrue(response.error().contains("boom"));
        }
        assertTrue(quarantine.get(), quarantine.get().contains("quarantined after 3 consecutive failures"));
        PluginResponse refused = answer(queue.submit(Task.of("crash")));
        assertEquals("PLUGIN_UNAVAILABLE", refused.errorCode());
        assertTrue(refused.error().contains("quarantined"));
        assertEquals("a quarantined plugin is not called", 3, crashing.attempts.get());

        queue.open(new ScriptedPlugin((task, attempt) -> PluginResponse.success("healthy")));
        assertTrue("a restarted plugin runs tasks again", answer(queue.submit(Task.of("ok"))).success());
    }

    @Test
    public void invalidTasksDoNotCountAgainstHealth() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 0, 2));
        queue.open(new ScriptedPlugin((task, attempt) -> {
            throw new InvalidTaskException("field 'x' is missing");
        }));
        for (int i = 0; i < 5; i++) {
            PluginResponse response = answer(queue.submit(Task.of("bad")));
            assertEquals("INVALID_TASK", response.errorCode());
            assertEquals(ErrorSeverity.LOW, response.errorSeverity());
        }
        assertEquals(null, quarantine.get());
        assertEquals(0, queue.metrics().consecutiveFailures());
    }

    /** Issue 19: a caller's missing field raised the plugin's error rate to 50 %. */
    @Test
    public void aCallersInvalidTaskIsCountedApartAndLeavesTheErrorRateAlone() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 0, 5));
        queue.open(new ScriptedPlugin((task, attempt) -> {
            if (task.config().containsKey("name")) {
                return PluginResponse.success("hello");
            }
            throw new InvalidTaskException("Task 'greet' needs a string 'name'");
        }));
        assertTrue(answer(queue.submit(new Task("greet", java.util.Map.of("name", "x")))).success());
        assertFalse(answer(queue.submit(Task.of("greet"))).success());
        PluginMetrics metrics = queue.metrics();
        assertEquals(2, metrics.submitted());
        assertEquals(1, metrics.succeeded());
        assertEquals(0, metrics.failed());
        assertEquals(1, metrics.invalid());
        assertEquals(0.0, metrics.errorRate(), 0.0);
    }

    @Test
    public void successResetsTheFailureCount() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofSeconds(SAFETY_SECONDS), 0, 3));
        queue.open(new ScriptedPlugin((task, attempt) -> {
            if (task.type().equals("fail")) {
                throw new PluginException("failed");
            }
            return PluginResponse.success(null);
        }));
        for (String type : List.of("fail", "fail", "ok", "fail", "fail")) {
            answer(queue.submit(Task.of(type)));
        }
        assertEquals(null, quarantine.get());
        assertEquals(2, queue.metrics().consecutiveFailures());
    }

    @Test
    public void concurrencyLimitIsRespected() throws Exception {
        TaskQueue queue = queue(settings(2, 10, Duration.ofSeconds(SAFETY_SECONDS), 0, 5));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoStarted.countDown();
            release.await();
            running.decrementAndGet();
            return PluginResponse.success(null);
        }));
        List<CompletableFuture<PluginResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(queue.submit(Task.of("work")));
        }
        assertTrue(twoStarted.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        PluginMetrics busy = queue.metrics();
        assertEquals(2, busy.running());
        assertEquals(4, busy.queued());
        release.countDown();
        for (CompletableFuture<PluginResponse> answer : answers) {
            assertTrue(answer(answer).success());
        }
        assertEquals(2, mostAtOnce.get());
    }

    @Test
    public void holdingQueueRunsTasksOnceOpened() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        queue.hold();
        CompletableFuture<PluginResponse> waiting = queue.submit(Task.of("early"));
        assertFalse(waiting.isDone());
        queue.open(new ScriptedPlugin((task, attempt) -> PluginResponse.success("ran")));
        assertEquals("ran", answer(waiting).data());
    }

    @Test
    public void closingAnswersWaitingTasksWithTheReason() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        queue.hold();
        CompletableFuture<PluginResponse> waiting = queue.submit(Task.of("early"));
        queue.close("Plugin 'test-plugin' was stopped.");
        PluginResponse response = answer(waiting);
        assertEquals("PLUGIN_UNAVAILABLE", response.errorCode());
        assertEquals("Plugin 'test-plugin' was stopped.", response.error());
        assertEquals("Plugin 'test-plugin' was stopped.", answer(queue.submit(Task.of("late"))).error());
    }

    @Test
    public void newQueueRefusesTasksUntilThePluginStarts() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        PluginResponse response = answer(queue.submit(Task.of("early")));
        assertEquals("PLUGIN_UNAVAILABLE", response.errorCode());
        assertTrue(response.error().contains("prsm:start test-plugin"));
    }

    @Test
    public void nullResponseIsAFailure() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        queue.open(new ScriptedPlugin((task, attempt) -> null));
        assertEquals("NO_RESPONSE", answer(queue.submit(Task.of("nothing"))).errorCode());
    }

    @Test
    public void awaitIdleWaitsForRunningTasks() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        CountDownLatch started = new CountDownLatch(1);
        queue.open(new ScriptedPlugin((task, attempt) -> blockUntilReleased(started)));
        CompletableFuture<PluginResponse> running = queue.submit(Task.of("long"));
        assertTrue(started.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertFalse("a running task keeps the queue busy", queue.awaitIdle(Duration.ofMillis(1)));
        release.countDown();
        answer(running);
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
    }

    @Test
    public void cpuTimeOfTasksIsMeasured() throws Exception {
        TaskQueue queue = queue(TaskSettings.DEFAULTS);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            long sum = 0;
            for (int i = 0; i < 5_000_000; i++) {
                sum += Integer.toString(i).length();
            }
            return PluginResponse.success(sum);
        }));
        assertTrue(answer(queue.submit(Task.of("compute"))).success());
        PluginMetrics metrics = queue.metrics();
        assertTrue("cpu " + metrics.cpuNanos(), metrics.cpuNanos() > 0);
        assertTrue("allocated " + metrics.allocatedBytes(), metrics.allocatedBytes() > 0);
        assertTrue(metrics.p50Millis() > 0);
    }

    @Test
    public void waitingTaskPastItsDeadlineIsAnsweredWithTimeout() throws Exception {
        TaskQueue queue = queue(settings(1, 10, Duration.ofMillis(200), 0, 5));
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        queue.open(new ScriptedPlugin((task, attempt) -> {
            attempts.incrementAndGet();
            // keeps its slot through its stop: had it let go at its own deadline, "behind", submitted a few
            // milliseconds later, could still start before its deadline (seen on JDK 25)
            started.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return PluginResponse.success("released");
        }));
        CompletableFuture<PluginResponse> blocking = queue.submit(Task.of("blocking"));
        assertTrue(started.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        CompletableFuture<PluginResponse> behind = queue.submit(Task.of("behind"));
        assertEquals("TIMEOUT", answer(behind).errorCode());
        assertEquals("TIMEOUT", answer(blocking).errorCode());
        release.countDown();
        assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
        assertEquals("the task that timed out while waiting never ran", 1, attempts.get());
    }

    @Test
    public void deadlinesOfEveryQueueAreWatched() throws Exception {
        executors = new TaskExecutors(settings(1, 10, Duration.ofMillis(150), 0, 5));
        List<CompletableFuture<PluginResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TaskQueue queue = executors.newQueue("plugin-" + i, quarantine::set);
            queue.open(new ScriptedPlugin((task, attempt) -> blockUntilReleased(new CountDownLatch(1))));
            answers.add(queue.submit(Task.of("hangs")));
        }
        for (CompletableFuture<PluginResponse> answer : answers) {
            assertEquals("TIMEOUT", answer(answer).errorCode());
        }
    }

    @Test
    public void everyTaskIsAnsweredOnceInOrderWithAndWithoutWatchingWorkers() throws Exception {
        for (Duration spin : List.of(Duration.ZERO, TaskSettings.DEFAULTS.spin())) {
            executors = new TaskExecutors(new TaskSettings(1, 10_000, Duration.ofSeconds(SAFETY_SECONDS), 0,
                    Duration.ofMillis(1), Duration.ofMillis(5), 5, Duration.ofSeconds(5), spin));
            TaskQueue queue = executors.newQueue("ordered", quarantine::set);
            List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            queue.open(new ScriptedPlugin((task, attempt) -> {
                seen.add((Integer) task.config().get("n"));
                return PluginResponse.success(task.config().get("n"));
            }));
            List<CompletableFuture<PluginResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                answers.add(queue.submit(new Task("count", java.util.Map.of("n", i))));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i, answer(answers.get(i)).data());
            }
            assertEquals("one at a time, in submission order, spin " + spin, 2_000, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(Integer.valueOf(i), seen.get(i));
            }
            assertTrue(queue.awaitIdle(Duration.ofSeconds(SAFETY_SECONDS)));
            assertEquals(0, queue.metrics().running());
            executors.shutdown(Duration.ofSeconds(5));
        }
    }
}
