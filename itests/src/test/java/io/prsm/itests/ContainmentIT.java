package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * Containment (issue 16): plugin code that does not stop by itself is stopped by the runtime, and
 * the runtime keeps serving. One framework for the class, with a three-second task timeout (a
 * loaded CI machine needs the margin), and the bytecode scan in report mode.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ContainmentIT extends PrsmTestSupport {

    private static final long TIMEOUT_MILLIS = 3000;

    @Configuration
    public Option[] config() {
        // containment is the run-time layer's: it must hold for what the bytecode scan would refuse too (a
        // plugin's own interruptible channel), so the scan only reports here
        return OptionUtils.combine(RuntimeOptions.forTest("containment", TIMEOUT_MILLIS + "ms"),
                frameworkProperty("prsm.bytecode.scan").value("report"));
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
    public void anInitializeThatSpinsHoldsOnlyAThreadOfItsOwnPluginAndIsStopped() throws Exception {
        String plugin = "spins-in-initialize";
        // the fixture's class, taken while its bundle runs, to read where its initialize spun
        AtomicReference<Class<?>> fixture = new AtomicReference<>();
        SynchronousBundleListener started = event -> {
            if (event.getType() == BundleEvent.STARTED
                    && "io.prsm.sample.hostile.spins.in.initialize".equals(event.getBundle().getSymbolicName())) {
                try {
                    fixture.set(event.getBundle().loadClass("io.prsm.sample.hostile.SpinsInInitializePlugin"));
                } catch (ClassNotFoundException missing) {
                    throw new AssertionError(missing);
                }
            }
        };
        context.addBundleListener(started);
        try {
            PluginOperationException refused = assertThrows(PluginOperationException.class,
                    () -> plugins.install(property("prsm.hostile." + plugin)));
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("Refused plugin '" + plugin + "'"));
        } finally {
            context.removeBundleListener(started);
        }
        String spunOn = (String) fixture.get().getField("spunOn").get(null);
        assertTrue(spunOn, spunOn.startsWith("prsm-task-" + plugin + "-"));
        assertTrue("a thread of the plugin's own group, not a shared one: " + spunOn,
                spunOn.endsWith(" in prsm-plugin " + plugin));
        // stopped at its deadline, or by the refusal's stop, whichever came first; either is audited
        String audit = awaitAudit("initialize stopped: ");
        assertTrue(audit, audit.contains("initialize stopped: "));
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (StackTraceElement frame : stack) {
                assertFalse("the spinning thread left the plugin's code", frame.getClassName().equals(
                        "io.prsm.sample.hostile.SpinsInInitializePlugin"));
            }
        }
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void aThreadFloodIsHeldAtTheLimitListedByInfoAndStoppedWithItsPlugin() throws Exception {
        String validated = shell("prsm:validate " + property("prsm.hostile.floods-threads"));
        assertTrue(validated, validated.contains("Entitlements declared: threads max=3"));
        assertTrue(validated, validated.contains("Thread limit: what it declares (threads max=N) or prsm.plugin.threads "
                + "8, at most 4 for a sandbox and 2 for an isolated plugin (containment.threads in policy.json)"));
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.floods-threads")).state());
        PluginResponse flood = execute("floods-threads", "flood", Map.of("count", 10_000));
        assertTrue(flood.toString(), flood.success());
        Map<?, ?> result = (Map<?, ?>) flood.data();
        // it declares 3 (@MaxThreads), within the policy's default cap of 4 for sandbox plugins
        assertEquals(flood.toString(), 3, ((Number) result.get("started")).intValue());
        assertTrue(flood.toString(), String.valueOf(result.get("refused")).contains("this plugin may run 3 "
                + "(declared 3; containment.threads.sandbox allows 4)"));
        // its block of entitlement lines aligns its values in one column: compare the words
        String info = shell("prsm:info floods-threads").replaceAll(" {2,}", " ");
        assertTrue(info, info.contains("Threads started: 3 running (limit 3: declared 3; containment.threads.sandbox "
                + "allows 4): floods-threads-0, floods-threads-1, floods-threads-2"));

        List<Thread> flooders = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("floods-threads-")).toList();
        assertEquals(3, flooders.size());
        plugins.stop("floods-threads");
        for (Thread flooder : flooders) {
            flooder.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
            assertFalse(flooder.getName() + " still runs after its plugin stopped", flooder.isAlive());
        }
        String audit = auditLog();
        assertTrue(audit, audit.contains("thread limit reached; let it end some of its 3 threads first"));
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
        // the woven check before each array stops it before the chunk that would take it past its limit
        assertTrue("the hoarder holds " + held + " bytes", held > 0 && held <= 64L * 1024 * 1024);
        String audit = auditLog();
        assertTrue(audit, audit.contains("task 'hoard' stopped: Task 'hoard' of plugin 'hoards-memory' was about to "
                + "allocate"));
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
    public void anExceptionThatCannotBeDescribedIsAnsweredAuditedAndFreesItsWorker() throws Exception {
        String plugin = "throws-an-unprintable-exception";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + plugin)).state());
        String unprintable = "io.prsm.sample.hostile.ThrowsAnUnprintableExceptionPlugin$Unprintable";
        // as many as the plugin may run at once (4; one short of its quarantine): a worker that died holding its
        // slot would leave none for ping
        for (int i = 0; i < 3; i++) {
            PluginResponse thrown = execute(plugin, i % 2 == 0 ? "throwing" : "throwing-cause", Map.of());
            assertEquals(thrown.toString(), "PLUGIN_ERROR", thrown.errorCode());
        }
        assertEquals("Plugin '" + plugin + "' failed on task 'throwing': " + unprintable,
                execute(plugin, "throwing", Map.of()).error());
        assertEquals("pong", execute(plugin, "ping", Map.of()).data());
        // describing this one loops in its own (woven) code: its deadline stops it, its worker serves on
        assertEquals("TIMEOUT", execute(plugin, "looping", Map.of()).errorCode());
        assertEquals("pong", execute(plugin, "ping", Map.of()).data());
        // (that the looping one is audited too is UnprintableThrowablesTest's: here it races with the answer)
        String audit = auditLog();
        assertTrue(audit, audit.contains("threw " + unprintable + " whose stack trace could not be read (it threw "
                + "java.lang.IllegalStateException); it is described by its class name only"));
    }

    @Test
    public void aChannelThatWouldCloseOnItsInterrupterIsNotDefinedAndTimeoutsGoOn() throws Exception {
        String plugin = "closes-a-channel-on-its-interrupter";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + plugin)).state());
        // its channel class would become the interrupt handler of the task's thread, so whoever interrupts
        // the task would run its looping close: the weaving refuses to define it, whatever the scan mode
        // (that an interrupt is sent from a throw-away thread with the stop raised is TaskInterruptTest's)
        PluginResponse armed = execute(plugin, "arm", Map.of());
        assertEquals(armed.toString(), "PLUGIN_ERROR", armed.errorCode());
        String audit = auditLog();
        assertTrue(audit, audit.contains("its code would run on a thread no stop reaches"));
        // and the deadline watchdog still stops the plugin's tasks
        assertEquals("TIMEOUT", execute(plugin, "spin", Map.of()).errorCode());
        assertTrue(execute(plugin, "release", Map.of()).success());
    }

    @Test
    public void aThreadBlockedInJdkCodeIsRecordedAsNotStoppedListedByInfoAndNamedAtUninstall() throws Exception {
        String plugin = "blocks-in-jdk-code";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + plugin)).state());
        assertEquals("TIMEOUT", execute(plugin, "block", Map.of()).errorCode());
        String audit = awaitAudit("(task 'block') runs ");
        assertTrue(audit, audit.contains("it did not stop within 1000 ms of its stop; it is recorded, not killed (the "
                + "JVM cannot)"));
        String info = shell("prsm:info " + plugin);
        assertTrue(info, info.contains("Threads that did not stop: 1 still running (restart the runtime to end them): "
                + "prsm-task-"));
        // its shutdown releases the thread, so the test leaves nothing behind; the message was made before
        String uninstalled = shell("prsm:uninstall " + plugin);
        assertTrue(uninstalled, uninstalled.startsWith(plugin + " uninstalled; 1 of its threads did not stop and still "
                + "run (restart the runtime to end them): prsm-task-"));
    }

    @Test
    public void aTaskHoldingItsThreadGroupStallsOnlyItsOwnPluginsThreads() throws Exception {
        String plugin = "holds-its-thread-group";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + plugin)).state());
        // made before the attack: creating a thread must not wait for it (pre-fix, the task threads were in ours)
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            starter.submit(() -> { }).get(SAFETY_SECONDS, TimeUnit.SECONDS);
            assertEquals("TIMEOUT", execute(plugin, "hold", Map.of()).errorCode());
            Thread holder = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("prsm-task-" + plugin + "-")).findFirst().orElseThrow();
            assertEquals("prsm-plugin " + plugin, holder.getThreadGroup().getName());
            Future<Boolean> started = starter.submit(() -> {
                Thread fresh = new Thread(() -> { }, "containment-it-fresh");
                fresh.start();
                fresh.join();
                return true;
            });
            assertTrue("a thread of the runtime's group starts and ends", started.get(SAFETY_SECONDS, TimeUnit.SECONDS));
            // another plugin's tasks still get threads
            assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
            assertTrue(execute("analytics-dashboard", "get_metrics", Map.of()).success());
        } finally {
            starter.shutdownNow();
        }
        // its shutdown lets go of the group; it runs on a thread of the plugin's own group, and if none is idle and
        // none can be made while the group is held, the uninstall waits the drain time (audited), never for ever
        plugins.uninstall(plugin);
    }

    /** The audit log once it contains {@code text}, waiting on the file's change events; or as it is after the safety time. */
    private String awaitAudit(String text) throws Exception {
        Path folder = Path.of(context.getProperty("prsm.storage"), "audit");
        try (WatchService watcher = folder.getFileSystem().newWatchService()) {
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
            String audit = auditLog();
            while (!audit.contains(text)) {
                WatchKey changed = watcher.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (changed == null) {
                    return audit;
                }
                changed.pollEvents();
                changed.reset();
                audit = auditLog();
            }
            return audit;
        }
    }
}
