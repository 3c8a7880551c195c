package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginState;

/**
 * Containment across a plugin's tasks (issue 16 points 2 and 4). The low-memory guard on a small
 * heap: this class runs in a JVM of its own at {@code -Xmx256m} (the failsafe execution
 * {@code small-heap}), where a plugin that keeps every task's allocation would exhaust the heap; the
 * guard acts at half the heap after a full collection (the rest is the margin a hoarder may fill
 * while the guard confirms), and a bystander that allocated a little stays active once the
 * hoarder's memory is gone. The CPU share, over a two-second window.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResourceGuardsIT extends PrsmTestSupport {

    private static final long MIB = 1024 * 1024;

    @Configuration
    public Option[] config() {
        return options(composite(RuntimeOptions.forTest("resource-guards", "10s")),
                frameworkProperty("prsm.memory.guard").value("0.5"), frameworkProperty("prsm.cpu.window").value("2s"));
    }

    @Test
    public void aPluginKeepingWhatItAllocatesIsQuarantinedItsMemoryFreedAndTheRuntimeServes() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        PluginInfo keeper = plugins.install(property("prsm.hostile.keeps-memory"));
        assertEquals(PluginState.ACTIVE, keeper.state());
        // the bystander has allocated too: the guard must not take it for the keeper once the keeper is gone
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        long heapBefore = heapUsedAfterCollection();
        // refreshing the keeper's bundle unresolves it: the event that its class loader is let go
        CountDownLatch unresolved = new CountDownLatch(1);
        BundleListener refreshWatch = event -> {
            if (event.getType() == BundleEvent.UNRESOLVED && event.getBundle().getBundleId() == keeper.bundleId()) {
                unresolved.countDown();
            }
        };
        context.addBundleListener(refreshWatch);
        try {
            long keptMib = 0;
            PluginResponse last = null;
            // 8 MiB a task, each well under its 64 MiB limit; 128 tasks would be 1 GiB, four times the heap
            for (int task = 0; task < 128; task++) {
                last = execute("keeps-memory", "keep", Map.of("mib", 8));
                if (!last.success()) {
                    break;
                }
                keptMib = ((Number) last.data()).longValue();
            }
            assertEquals(String.valueOf(last), "PLUGIN_UNAVAILABLE", last.errorCode());
            assertTrue(last.error(), last.error().startsWith("Plugin 'keeps-memory' is quarantined by the low-memory "
                    + "guard: the heap's "));
            assertTrue("it kept only " + keptMib + " MiB before the guard acted", keptMib >= 64);
            assertTrue("the keeper's bundle was not refreshed", unresolved.await(SAFETY_SECONDS, TimeUnit.SECONDS));

            long heapAfter = heapUsedAfterCollection();
            assertTrue("heap after the refresh: " + heapAfter / MIB + " MiB; before the keeper: " + heapBefore / MIB
                    + " MiB; it kept " + keptMib + " MiB", heapAfter < heapBefore + keptMib * MIB / 2);
        } finally {
            context.removeBundleListener(refreshWatch);
        }
        assertEquals(PluginState.FAILED, plugins.info("keeps-memory").state());
        assertEquals(PluginState.ACTIVE, plugins.info("analytics-dashboard").state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        String info = shell("prsm:info keeps-memory");
        assertTrue(info, info.contains("quarantined by the low-memory guard"));
        String audit = auditLog();
        assertTrue(audit, audit.contains("hold memory"));
        assertTrue(audit, audit.contains("its bundle is refreshed, so its class loader and static data are released"));
    }

    /**
     * The hoard is held by the platform's task threads (a ThreadLocal whose value is of the
     * plugin's class), not by the plugin: only ending its task threads releases it, and the audit
     * says its class loader was seen collected.
     */
    @Test
    public void aPluginKeepingMemoryOnItsTaskThreadsIsQuarantinedItsLoaderCollectedAndTheRuntimeServes()
            throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        PluginInfo keeper = plugins.install(property("prsm.hostile.keeps-memory-on-its-threads"));
        assertEquals(PluginState.ACTIVE, keeper.state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        long heapBefore = heapUsedAfterCollection();
        long keptMib = 0;
        PluginResponse last = null;
        // 8 MiB a task, each well under its 64 MiB limit; 128 tasks would be 1 GiB, four times the heap
        for (int task = 0; task < 128; task++) {
            last = execute("keeps-memory-on-its-threads", "keep", Map.of("mib", 8));
            if (!last.success()) {
                break;
            }
            keptMib += 8;
        }
        assertEquals(String.valueOf(last), "PLUGIN_UNAVAILABLE", last.errorCode());
        assertTrue(last.error(), last.error().startsWith("Plugin 'keeps-memory-on-its-threads' is quarantined by the "
                + "low-memory guard: the heap's "));
        assertTrue("it kept only " + keptMib + " MiB before the guard acted", keptMib >= 64);
        // the guard audits the refresh only once it has seen the old class loader collected
        String released = awaitAuditLine("keeps-memory-on-its-threads", "its class loader and static data are released");
        assertTrue(released, released.contains("refresh bundle"));
        long heapAfter = heapUsedAfterCollection();
        assertTrue("heap after the refresh: " + heapAfter / MIB + " MiB; before the keeper: " + heapBefore / MIB
                + " MiB; it kept " + keptMib + " MiB", heapAfter < heapBefore + keptMib * MIB / 2);
        assertEquals(PluginState.FAILED, plugins.info("keeps-memory-on-its-threads").state());
        assertEquals(PluginState.ACTIVE, plugins.info("analytics-dashboard").state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * The audit line naming {@code plugin} and saying {@code words}, waited for (the guard writes
     * it once it has seen the loader collected) on the audit folder's change events.
     */
    private String awaitAuditLine(String plugin, String words) throws Exception {
        Path folder = Path.of(context.getProperty("prsm.storage"), "audit");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        try (WatchService changes = folder.getFileSystem().newWatchService()) {
            folder.register(changes, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                // read after registering: a line written before the watch began is found here
                String audit = auditLog();
                for (String line : audit.split("\\R")) {
                    if (line.contains(plugin) && line.contains(words)) {
                        return line;
                    }
                }
                WatchKey changed = changes.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (changed == null) {
                    throw new AssertionError("no audit line of '" + plugin + "' saying '" + words + "' in:\n" + audit);
                }
                changed.pollEvents();
                changed.reset();
            }
        }
    }

    @Test
    public void aPluginOverItsCpuShareIsThrottledAuditedShownAndResumedWhileOthersServe() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.burns-cpu")).state());
        String throttled = "is throttled: it used ";
        // a core for 200 ms a task, back to back, against its declared tenth of a core: once the window has
        // filled (two seconds), the next sample throttles it; the audit line is written as it happens
        for (int task = 0; task < 100 && !auditLog().contains(throttled); task++) {
            PluginResponse burned = execute("burns-cpu", "burn", Map.of("ms", 200));
            assertTrue(String.valueOf(burned), burned.success());
        }
        String audit = auditLog();
        assertTrue(audit, audit.contains("Plugin 'burns-cpu' " + throttled));
        assertTrue(audit, audit.contains("of its declared 0.10 cores over the last 2 s; its queue is paused until its "
                + "use falls back within its share"));
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        String info = shell("prsm:info burns-cpu");
        assertTrue(info, info.contains("CPU share: ") && info.contains("of its declared 0.10 cores over the last 2 s"));
        // throttled or resumed meanwhile: either way its queue runs only once the resume is audited
        PluginResponse after = execute("burns-cpu", "burn", Map.of("ms", 1));
        assertTrue(String.valueOf(after), after.success());
        assertTrue(auditLog().contains("back within its share: "));
    }

    private static long heapUsedAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
