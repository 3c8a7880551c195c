package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.limits.TaskSettings;
import io.prsm.runtime.containment.CollectionWatch;
import io.prsm.runtime.metrics.TaskMetrics;
import io.prsm.limits.JsonLimits;
import io.prsm.runtime.metrics.ThreadResources;

/** A task leaves the platform's thread as it found it, whether the plugin answered or threw. */
public class TaskAttemptThreadSettingsTest {

    private static final long SAFETY_SECONDS = 30;

    private final TaskAttempt attempts = new TaskAttempt("changes-its-thread", TaskSettings.DEFAULTS,
            new TaskMetrics(), new ThreadResources(Runnable::run), reason -> { }, reason -> { }, 0, JsonLimits.DEFAULTS);

    @Test
    public void theThreadsSettingsAreRestoredAfterAnAnsweredTask() throws Exception {
        assertSettingsRestored(false);
    }

    @Test
    public void theThreadsSettingsAreRestoredAfterACrashedTask() throws Exception {
        assertSettingsRestored(true);
    }

    /** The platform thread's context loader is the runtime's: a plugin's code sees its own instead. */
    @Test
    public void thePluginsCodeRunsWithItsOwnLoaderAsTheContextLoader() throws Exception {
        ClassLoader[] seen = new ClassLoader[2];
        Thread platform = new Thread(() -> {
            ClassLoader runtimeLoader = new URLClassLoader(new URL[0], null);
            Thread.currentThread().setContextClassLoader(runtimeLoader);
            PendingTask pending = new PendingTask(Task.of("look"), TimeUnit.SECONDS.toNanos(SAFETY_SECONDS), 0,
                    new Interrupters("settings-test"));
            pending.target = new ScriptedPlugin((task, attempt) -> {
                seen[0] = Thread.currentThread().getContextClassLoader();
                return PluginResponse.success("looked");
            });
            attempts.run(pending);
            seen[1] = Thread.currentThread().getContextClassLoader() == runtimeLoader ? runtimeLoader : null;
        }, "platform-thread");
        platform.start();
        platform.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
        assertSame(ScriptedPlugin.class.getClassLoader(), seen[0]);
        assertTrue("the runtime's loader is back after the task", seen[1] != null);
    }

    @Test
    public void aThreadKeptAfterTheTaskDoesNotKeepThePluginsLoader() throws Exception {
        boolean[] collected = new boolean[1];
        // the thread outlives the attempt, as a pooled one does, until the loader's fate is known
        Thread pooled = new Thread(() -> {
            CollectionWatch loader = runTaskLeavingItsLoader(attempts);
            try {
                collected[0] = loader.awaitCollected(Duration.ofSeconds(SAFETY_SECONDS));
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }, "kept-thread");
        pooled.start();
        pooled.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS * 2));
        assertTrue("the plugin's loader stayed reachable from the thread it ran on", collected[0]);
    }

    /** In a method of its own, so that no frame keeps the loader. */
    private static CollectionWatch runTaskLeavingItsLoader(TaskAttempt attempts) {
        ClassLoader pluginLoader = new URLClassLoader(new URL[0], null);
        CollectionWatch watch = new CollectionWatch(pluginLoader);
        PendingTask pending = new PendingTask(Task.of("leave-the-loader"), TimeUnit.SECONDS.toNanos(SAFETY_SECONDS), 0,
                new Interrupters("settings-test"));
        pending.target = new ScriptedPlugin((task, attempt) -> {
            Thread.currentThread().setContextClassLoader(pluginLoader);
            return PluginResponse.success("left");
        });
        assertTrue(attempts.run(pending).response().success());
        return watch;
    }

    private void assertSettingsRestored(boolean crash) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread platform = new Thread(() -> {
            try {
                runChangingEverything(crash);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "platform-thread");
        platform.setPriority(Thread.NORM_PRIORITY);
        platform.start();
        platform.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
        if (failure[0] instanceof AssertionError assertion) {
            throw assertion;
        }
        assertNull(failure[0]);
    }

    private void runChangingEverything(boolean crash) {
        Thread thread = Thread.currentThread();
        ClassLoader platformLoader = thread.getContextClassLoader();
        ClassLoader pluginLoader = new URLClassLoader(new URL[0], null);
        PendingTask pending = new PendingTask(Task.of("change"), TimeUnit.SECONDS.toNanos(SAFETY_SECONDS), 0,
                new Interrupters("settings-test"));
        pending.target = new ScriptedPlugin((task, attempt) -> {
            thread.setContextClassLoader(pluginLoader);
            thread.setName("the plugin's now");
            thread.setPriority(Thread.MAX_PRIORITY);
            thread.setUncaughtExceptionHandler((t, e) -> { });
            if (crash) {
                throw new IllegalStateException("crashed after changing its thread");
            }
            return PluginResponse.success("changed");
        });
        assertEquals(!crash, attempts.run(pending).response().success());
        assertSame(platformLoader, thread.getContextClassLoader());
        assertEquals("platform-thread", thread.getName());
        assertEquals(Thread.NORM_PRIORITY, thread.getPriority());
        // no handler of its own: the thread's group handles what it does not catch, as before the task
        assertSame(thread.getThreadGroup(), thread.getUncaughtExceptionHandler());
    }
}
