package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * Containment (issue 16): plugin code that does not stop by itself is stopped by the runtime, and
 * the runtime keeps serving. One framework for the class, with a three-second task timeout (a
 * loaded CI machine needs the margin).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainmentIT extends PrsmTestSupport {

    private static final long TIMEOUT_MILLIS = 3000;

    @Configuration
    public Option[] config() {
        return RuntimeOptions.forTest("containment", TIMEOUT_MILLIS + "ms");
    }

    @Test
    public void aSpinnerThatSwallowsEverythingIsStoppedWithinItsTimeoutPlusASecondAndAudited() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.spins-past-its-deadline")).state());
        long submitted = System.nanoTime();
        PluginResponse spun = execute("spins-past-its-deadline", "spin", Map.of());
        assertEquals(spun.toString(), "TIMEOUT", spun.errorCode());
        long waitMillis = Math.max(0, TIMEOUT_MILLIS + 1000 - (System.nanoTime() - submitted) / 1_000_000);
        // the plugin's own latch, counted down by the spinner's way out: the thread left the plugin's code
        PluginResponse left = execute("spins-past-its-deadline", "left", Map.of("wait_ms", waitMillis));
        assertEquals(left.toString(), Boolean.TRUE, left.data());
        String audit = auditLog();
        assertTrue(audit, audit.contains("task 'spin' stopped: Task 'spin' of plugin 'spins-past-its-deadline' did not "
                + "finish within 3 s"));

        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void aThreadFloodIsHeldAtTheLimitListedByInfoAndStoppedWithItsPlugin() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.floods-threads")).state());
        PluginResponse flood = execute("floods-threads", "flood", Map.of("count", 10_000));
        assertTrue(flood.toString(), flood.success());
        Map<?, ?> result = (Map<?, ?>) flood.data();
        assertEquals(flood.toString(), 8, ((Number) result.get("started")).intValue());
        assertTrue(flood.toString(), String.valueOf(result.get("refused")).contains("one plugin may run 8 "
                + "(prsm.plugin.threads)"));
        String info = shell("prsm:info floods-threads");
        assertTrue(info, info.contains("Threads started: 8 running (limit 8): floods-threads-0, floods-threads-1"));

        List<Thread> flooders = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("floods-threads-")).toList();
        assertEquals(8, flooders.size());
        plugins.stop("floods-threads");
        for (Thread flooder : flooders) {
            flooder.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
            assertFalse(flooder.getName() + " still runs after its plugin stopped", flooder.isAlive());
        }
        String audit = auditLog();
        assertTrue(audit, audit.contains("thread limit reached; let it end some of its 8 threads first"));
        assertTrue(audit, audit.contains("the plugin stopped, so its thread is stopped"));
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void aTaskThatHoardsPastItsDeclaredMemoryIsStoppedWithMemoryLimitAndOthersServe() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.hoards-memory")).state());
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        PluginResponse hoarded = execute("hoards-memory", "hoard", Map.of());
        assertEquals(hoarded.toString(), "MEMORY_LIMIT", hoarded.errorCode());
        assertTrue(hoarded.error(), hoarded.error().contains("more than the 64 MiB its plugin declares (memory)"));
        long held = ((Number) execute("hoards-memory", "held", Map.of()).data()).longValue();
        // how far past its limit it got depends on the watchdog's 10 ms sample, not on a rule: no bound here
        assertTrue("the hoarder still answers after its stop: " + held, held > 0);
        String audit = auditLog();
        assertTrue(audit, audit.contains("task 'hoard' stopped: Task 'hoard' of plugin 'hoards-memory' allocated"));
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void aJdkLoopCallingMethodReferencesIsStoppedAtItsDeadline() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.loops-in-jdk-code")).state());
        PluginResponse spun = execute("loops-in-jdk-code", "spin-runnable", Map.of());
        assertEquals(spun.toString(), "TIMEOUT", spun.errorCode());
        long submitted = System.nanoTime();
        PluginResponse counted = execute("loops-in-jdk-code", "long-stream", Map.of());
        assertEquals(counted.toString(), "TIMEOUT", counted.errorCode());
        long waitMillis = Math.max(0, TIMEOUT_MILLIS + 1000 - (System.nanoTime() - submitted) / 1_000_000);
        // the plugin's latch, counted down as each loop's thread left the plugin's code
        PluginResponse left = execute("loops-in-jdk-code", "left", Map.of("wait_ms", waitMillis));
        assertEquals(left.toString(), Boolean.TRUE, left.data());
        String audit = auditLog();
        assertTrue(audit, audit.contains("task 'spin-runnable' stopped"));
        assertTrue(audit, audit.contains("task 'long-stream' stopped"));
    }

    @Test
    public void aPluginThatDeclaresAFinalizerIsRefusedAtInstall() throws Exception {
        // the JVM would run its finalize() on its one Finalizer thread, out of every stop's reach;
        // with the scan in report mode the weaving makes sure it never runs (EntitlementsIT)
        PluginOperationException refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile.finalizes-on-the-jdk-thread")));
        assertTrue(refused.getMessage(), refused.getMessage().contains("java.lang.Object.finalize (overridden)"));
    }
}
