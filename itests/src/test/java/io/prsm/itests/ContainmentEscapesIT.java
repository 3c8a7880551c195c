package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginState;

/**
 * Routes out of containment found by an attacker pass (issue 16): plugin code on threads that are
 * not its own (the JDK's common pool, the runtime's lifecycle thread) and work the runtime does for
 * a plugin after its task has ended. Each ends with the offender stopped and audited and the
 * runtime serving. Three-second task timeout; the scan reports only, so the run-time layer is what
 * holds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainmentEscapesIT extends PrsmTestSupport {

    private static final long TIMEOUT_MILLIS = 3000;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(RuntimeOptions.forTest("containment-escapes", TIMEOUT_MILLIS + "ms"),
                frameworkProperty("prsm.bytecode.scan").value("report"));
    }

    @Test
    public void loopsHandedToTheCommonPoolAreStoppedWhenThePluginStops() throws Exception {
        CompletableFuture<Class<?>> plugin = classWhenStarting("io.prsm.sample.hostile.spins.on.the.common.pool",
                "io.prsm.sample.hostile.SpinsOnTheCommonPoolPlugin");
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.spins-on-the-common-pool")).state());
        PluginResponse spun = execute("spins-on-the-common-pool", "parallel", Map.of());
        assertEquals(spun.toString(), "TIMEOUT", spun.errorCode());
        // the task's own thread was stopped at its deadline; the pool's workers still run the plugin's loops
        assertTrue("no worker of the common pool runs the plugin's code", Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(thread -> thread.getKey() instanceof ForkJoinWorkerThread && Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("io.prsm.sample.hostile.SpinsOnTheCommon"))));

        plugins.stop("spins-on-the-common-pool");
        CountDownLatch left = (CountDownLatch) plugin.get(SAFETY_SECONDS, TimeUnit.SECONDS).getField("PARALLEL_LEFT")
                .get(null);
        assertTrue("the loops on the common pool still run after their plugin stopped",
                left.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        String audit = auditLog();
        assertTrue(audit, audit.contains("run thread ForkJoinPool.commonPool-worker-"));
        assertTrue(audit, audit.contains("the plugin stopped while its code ran on this thread, which is not one it "
                + "started"));
        assertServing();
    }

    @Test
    public void aLoopInInitializeIsStoppedWhenTheInstallIsRefused() throws Exception {
        CompletableFuture<Class<?>> plugin = classWhenStarting("io.prsm.sample.hostile.spins.in.initialize",
                "io.prsm.sample.hostile.SpinsInInitializePlugin");
        String refused = assertThrows(Exception.class,
                () -> shell("prsm:install " + property("prsm.hostile.spins-in-initialize"))).getMessage();
        assertTrue(refused, refused.contains("its initialize did not return within 3 s"));
        CountDownLatch left = (CountDownLatch) plugin.get(SAFETY_SECONDS, TimeUnit.SECONDS).getField("LEFT").get(null);
        assertTrue("initialize still loops after the install was refused",
                left.await(SAFETY_SECONDS, TimeUnit.SECONDS));
        String audit = auditLog();
        assertTrue(audit, audit.contains("\"plugin\":\"spins-in-initialize\""));
        // initialize runs on the plugin's own task thread, stopped there like a task
        assertTrue(audit, audit.contains("initialize stopped: it did not return within 3 s"));
        assertServing();
    }

    @Test
    public void aRegexThatBacktracksForEverOverTextItHoldsIsStoppedAndItsMemoryFreed() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.holds-memory-in-jdk-code")).state());
        long submitted = System.nanoTime();
        // twice, more than it declares (32 MiB) each, made in JDK code and kept by the JDK's matcher; two, so
        // that a slow allocation on a loaded host counted as a lost thread cannot quarantine it before it answers
        for (int i = 0; i < 2; i++) {
            PluginResponse held = execute("holds-memory-in-jdk-code", "hold", Map.of("mib", 40));
            assertEquals(held.toString(), "MEMORY_LIMIT", held.errorCode());
        }
        PluginResponse backtracked = execute("holds-memory-in-jdk-code", "backtrack", Map.of());
        assertEquals(backtracked.toString(), "TIMEOUT", backtracked.errorCode());
        long waitMillis = Math.max(0, TIMEOUT_MILLIS + 1000 - (System.nanoTime() - submitted) / 1_000_000);
        // its latch: no matcher still runs, so none keeps its text
        PluginResponse left = execute("holds-memory-in-jdk-code", "left", Map.of("wait_ms", waitMillis));
        assertEquals(left.toString(), Boolean.TRUE, left.data());
        String info = shell("prsm:info holds-memory-in-jdk-code");
        assertTrue(info, info.contains("0 running"));
        assertFalse(info, info.contains("Threads that did not stop"));
        String audit = auditLog();
        assertTrue(audit, audit.contains("task 'hold' stopped: Task 'hold' of plugin 'holds-memory-in-jdk-code' "
                + "allocated"));
        assertTrue(audit, audit.contains("task 'backtrack' stopped"));
        assertServing();
    }

    @Test
    public void aHugeNumberInAnAnswerIsRefusedOnTheTaskThreadAndAudited() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.answers-with-a-huge-number")).state());
        // 2^100,000,000: written as digits it took the shell's thread minutes and filled the heap
        String answered = assertThrows(Exception.class, () -> shell("prsm:exec answers-with-a-huge-number "
                + "'{\"type\":\"integer\",\"config\":{\"bits\":100000000}}'")).getMessage();
        assertTrue(answered, answered.contains("INVALID_ANSWER"));
        assertTrue(answered, answered.contains("is a number longer than 100 digits"));
        PluginResponse decimal = execute("answers-with-a-huge-number", "decimal", Map.of());
        assertEquals(decimal.toString(), "INVALID_ANSWER", decimal.errorCode());
        PluginResponse small = execute("answers-with-a-huge-number", "integer", Map.of("bits", 64));
        assertTrue(small.toString(), small.success());
        String audit = auditLog();
        assertTrue(audit, audit.contains("answered with data the runtime cannot send: data.n is a number longer than "
                + "100 digits"));
        assertServing();
    }

    /** The named class of a plugin bundle, loaded as the bundle starts (once it is gone, its bundle loads nothing). */
    private CompletableFuture<Class<?>> classWhenStarting(String symbolicName, String className) {
        CompletableFuture<Class<?>> loaded = new CompletableFuture<>();
        SynchronousBundleListener listener = event -> {
            if (event.getType() == BundleEvent.STARTING && symbolicName.equals(event.getBundle().getSymbolicName())) {
                try {
                    loaded.complete(event.getBundle().loadClass(className));
                } catch (ClassNotFoundException | RuntimeException failed) {
                    loaded.completeExceptionally(failed);
                }
            }
        };
        context.addBundleListener(listener);
        loaded.whenComplete((type, failure) -> context.removeBundleListener(listener));
        return loaded;
    }

    private void assertServing() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        assertFalse(shell("prsm:list").isEmpty());
    }
}
