package io.prsm.runtime.tasks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginResponse;
import io.prsm.api.Task;
import io.prsm.limits.TaskSettings;
import io.prsm.runtime.containment.CollectionWatch;

/** A plugin's task threads go when its queue closes (stopped, quarantined, uninstalled). */
public class TaskQueuePoolTest {

    private static final long SAFETY_SECONDS = 30;
    private static final ThreadLocal<Object> LEFT_BEHIND = new ThreadLocal<>();

    private final TaskExecutors executors = new TaskExecutors(TaskSettings.DEFAULTS);

    @After
    public void shutDown() throws InterruptedException {
        executors.shutdown(Duration.ofSeconds(5));
    }

    @Test
    public void closingAQueueEndsItsPluginsThreadsAndWhatItsCodeLeftOnThem() throws Exception {
        TaskQueue queue = executors.newQueue("leaves-a-thread-local", reason -> { });
        CollectionWatch loader = runATaskLeavingALoaderBehind(queue);
        assertEquals(1, executors.livePluginPools());
        queue.close("Plugin 'leaves-a-thread-local' was stopped.");
        assertTrue(loader.awaitCollected(Duration.ofSeconds(SAFETY_SECONDS)));
        // the next start gets fresh threads
        queue.open(new ScriptedPlugin((task, attempt) -> PluginResponse.success("again")));
        assertTrue(queue.submit(Task.of("again")).get(SAFETY_SECONDS, TimeUnit.SECONDS).success());
    }

    /** In a method of its own, so that no frame of the test keeps the loader. */
    private static CollectionWatch runATaskLeavingALoaderBehind(TaskQueue queue) throws Exception {
        ClassLoader pluginLoader = new URLClassLoader(new URL[0], null);
        CollectionWatch watch = new CollectionWatch(pluginLoader);
        queue.open(new ScriptedPlugin((task, attempt) -> {
            LEFT_BEHIND.set(pluginLoader);
            return PluginResponse.success("left");
        }));
        assertTrue(queue.submit(Task.of("leave")).get(SAFETY_SECONDS, TimeUnit.SECONDS).success());
        return watch;
    }
}
