package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * The run-time layer on its own: the bytecode scan is switched off ({@code prsm.bytecode.scan=report})
 * and the operator has even opened the XML and JMX packages to sandbox plugins, yet every hostile
 * plugin that reaches a JDK sink, directly or through a library, is stopped where the JDK acts: the
 * task fails, nothing happened on the host, the refusal is in the audit log under the entitlements
 * layer, and another plugin keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EntitlementsIT extends PrsmTestSupport {

    private Path storage;
    private Path secret;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(RuntimeOptions.forTest("entitlements"),
                frameworkProperty("prsm.bytecode.scan").value("report"));
    }

    @Before
    public void openThePackagesAndPlantASecret() throws Exception {
        storage = Path.of(context.getProperty("prsm.storage"));
        Files.writeString(storage.resolve("policy.json"), "{\"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"javax.xml.*\", \"org.w3c.dom.*\", \"org.xml.sax.*\", "
                + "\"javax.management.*\"]}}}");
        shell("prsm:policy reload");
        secret = storage.resolve("host-secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        if (plugins.list().stream().noneMatch(plugin -> plugin.pluginId().equals("analytics-dashboard"))) {
            assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        }
    }

    /** One attack: the sample, its task's target, and what must still hold afterwards. */
    private record Attack(String sample, String target, Supplier<String> sideEffect) {
    }

    private Supplier<String> absent(Path path) {
        return () -> Files.exists(path) ? path + " exists" : null;
    }

    @Test
    public void everyIndirectRouteIsStoppedAtItsSinkWithTheScanOff() throws Exception {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        String handlers = java.util.logging.LogManager.getLogManager().getProperty("handlers");
        int groupPriority = Thread.currentThread().getThreadGroup().getMaxPriority();
        String[] beanPath = java.beans.Introspector.getBeanInfoSearchPath();
        java.util.logging.Level rootLevel = java.util.logging.Logger.getLogger("").getLevel();
        List<Attack> attacks = new ArrayList<>(List.of(
                new Attack("runs-a-beans-expression", storage.resolve("beans-ran").toString(), absent(storage.resolve("beans-ran"))),
                new Attack("binds-a-method-handle", storage.resolve("handle-ran").toString(), absent(storage.resolve("handle-ran"))),
                new Attack("jackson-opens-a-stream", storage.resolve("jackson-wrote").toString(), absent(storage.resolve("jackson-wrote"))),
                new Attack("logs-to-a-file", storage.resolve("logged").toString(), () -> Files.exists(storage.resolve("logged"))
                        || !java.util.Objects.equals(handlers, java.util.logging.LogManager.getLogManager().getProperty("handlers"))
                                ? "logging was reconfigured" : null),
                new Attack("opens-a-log-file-handler", storage.resolve("handled").toString(), absent(storage.resolve("handled"))),
                new Attack("replaces-jvm-defaults", "locale", () -> Locale.getDefault().equals(locale) ? null : "locale changed"),
                new Attack("replaces-jvm-defaults", "timezone", () -> TimeZone.getDefault().equals(zone) ? null : "zone changed"),
                new Attack("replaces-jvm-defaults", "handler", () -> Thread.getDefaultUncaughtExceptionHandler() == handler
                        ? null : "handler replaced"),
                new Attack("transforms-with-xslt", secret.toString(), () -> null),
                new Attack("resolves-an-external-entity", secret.toString(), () -> null),
                new Attack("scans-a-file", secret.toString(), () -> null),
                new Attack("prints-to-a-file", storage.resolve("printed").toString(), absent(storage.resolve("printed"))),
                new Attack("loads-a-jdk-provider", storage.resolve("zipped.zip").toString(), absent(storage.resolve("zipped.zip"))),
                new Attack("opens-a-url-class-loader", storage.toString(), () -> null),
                new Attack("reads-jmx", "-", () -> null),
                new Attack("writes-from-a-parallel-stream", storage.resolve("streamed").toString(),
                        absent(storage.resolve("streamed-0"))),
                new Attack("hands-an-event-handler-to-the-pool", storage.resolve("pooled").toString(),
                        absent(storage.resolve("pooled"))),
                new Attack("hands-a-method-reference-to-the-pool", storage.resolve("referenced").toString(),
                        absent(storage.resolve("referenced"))),
                new Attack("sets-jvm-wide-settings", "security-manager", () -> System.getSecurityManager() == null ? null
                        : "a security manager was set"),
                new Attack("sets-jvm-wide-settings", "max-priority", () -> groupPriority == Thread.currentThread()
                        .getThreadGroup().getMaxPriority() ? null : "a thread group's priority changed"),
                new Attack("sets-jvm-wide-settings", "bean-search-path", () -> java.util.Arrays.equals(beanPath,
                        java.beans.Introspector.getBeanInfoSearchPath()) ? null : "the JavaBeans search path changed"),
                new Attack("sets-jvm-wide-settings", "root-logger", () -> java.util.Objects.equals(rootLevel,
                        java.util.logging.Logger.getLogger("").getLevel()) ? null : "the root logger's level changed"),
                new Attack("sets-jvm-wide-settings", "assertions", () -> null),
                new Attack("sets-jvm-wide-settings", "reachable", () -> null),
                // a full collection stops every thread of the JVM: a storm of them from a plugin is refused at each route
                new Attack("storms-the-gc", "system", () -> null),
                new Attack("storms-the-gc", "runtime", () -> null),
                new Attack("storms-the-gc", "reference", () -> null),
                // Runtime.gc is native: by reflection or a method handle it is checked where those reach it
                new Attack("storms-the-gc", "reflection", () -> null),
                new Attack("storms-the-gc", "handle", () -> null),
                new Attack("interrupts-a-platform-thread", "e", () -> Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(thread -> thread.getName().equals("hijacked")) ? "a platform thread was renamed" : null)));
        List<String> failures = new ArrayList<>();
        // a process of the host the plugin must not signal: started here, by the platform
        Process victim = new ProcessBuilder("sleep", "60").start();
        attacks.add(new Attack("destroys-a-process", String.valueOf(victim.pid()),
                () -> victim.isAlive() ? null : "the plugin killed a host process"));
        attacks.add(new Attack("destroys-a-process", "list", () -> null));
        attacks.add(new Attack("marks-its-own-act", storage.resolve("marked").toString(), absent(storage.resolve("marked"))));
        // a thread of the host an isolated plugin must not interrupt (issue 16: it interrupted every thread)
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean victimInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread victimThread = new Thread(() -> {
            try {
                released.await();
            } catch (InterruptedException interrupted) {
                victimInterrupted.set(true);
            }
        }, "entitlements-it-victim");
        victimThread.start();
        attacks.add(new Attack("interrupts-foreign-threads", "-",
                () -> victimInterrupted.get() ? "a host thread was interrupted" : null));
        attacks.addAll(moreJvmWideState());
        // the holes an attacker found in this layer (docs/security.md, "Found by an attacker")
        String data = storage.resolve("plugins/turns-the-run-time-layer-off/data").toString();
        for (String route : List.of("null-checker", "define-unwoven", "reentrant-file", "lying-file", "reentrant-socket",
                "reentrant-options", "event-handler", "direct-lambda")) {
            Path out = storage.resolve("layer-off-" + route);
            attacks.add(new Attack("turns-the-run-time-layer-off", route + "|" + out + "|" + data,
                    () -> Files.exists(out) || Files.exists(Path.of(out + ".process")) ? route + " acted on the host" : null));
        }
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            attacks.add(new Attack("connects-with-http-client", "127.0.0.1:" + server.socket().getLocalPort(), () -> {
                try {
                    return server.accept() == null ? null : "the plugin connected";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }));
            attacks.add(new Attack("listens-on-a-port", String.valueOf(freePort()), () -> null));
            for (Attack attack : attacks) {
                failures.addAll(stopped(attack));
            }
        }
        victim.destroy();
        released.countDown();
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * What the JDK's sinks cannot see: the framework's acts and other bundles' content, reached by
     * reflection through the class loader of the {@code PluginConfig} a plugin is handed; the
     * operator's terminal; and a plugin's object whose method the platform calls on its own thread
     * after the plugin returned (the fast path must not skip that walk). Each route is stopped where
     * it acts, with no side effect, a denial audited and the other plugin serving.
     */
    @Test
    public void theFrameworkOtherBundlesAndTheTerminalAreStoppedWhereTheyAct() throws Exception {
        Bundle runtime = context.getServiceReference(io.prsm.api.runtime.PluginManager.class).getBundle();
        int level = runtime.adapt(BundleStartLevel.class).getStartLevel();
        String location = Path.of(property("prsm.hostile.readsFile")).toUri().toString();
        String entry = runtime.getEntry("META-INF/MANIFEST.MF").toString();
        String framework = "drives-the-framework";
        Path loud = storage.resolve("written-when-logged");
        List<Attack> attacks = List.of(new Attack(framework, "context", () -> null),
                new Attack(framework, "stop", () -> runtime.getState() == Bundle.ACTIVE ? null : "the runtime stopped"),
                new Attack(framework, "start-level", () -> runtime.adapt(BundleStartLevel.class).getStartLevel() == level
                        ? null : "the runtime's start level changed"),
                new Attack(framework, "install|" + location, () -> context.getBundle(location) == null ? null
                        : "a bundle was installed"),
                new Attack(framework, "bundle-url|" + entry, () -> null),
                new Attack(framework, "bundle-content|" + entry, () -> null),
                // another bundle's classes, through what the platform's object hands out (issue 14: its loader,
                // its class, a leaked Bundle, and the framework's revision, which needs no URL at all)
                new Attack(framework, "loader-resource", () -> null),
                new Attack(framework, "class-resource", () -> null),
                new Attack(framework, "bundle-entry", () -> null),
                new Attack(framework, "revision-content", () -> null),
                new Attack(framework, "revision-stream", () -> null),
                new Attack("reads-the-terminal", "stdin", () -> null),
                new Attack("reads-the-terminal", "descriptor", () -> null),
                new Attack("reads-the-terminal", "console", () -> null),
                new Attack("reads-the-terminal", "channel", () -> null),
                // plugin code the platform runs on its own thread (the failure's message) is still the plugin's
                new Attack("writes-when-logged", loud.toString(), absent(loud)));
        List<String> failures = new ArrayList<>();
        for (Attack attack : attacks) {
            failures.addAll(stopped(attack));
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * The rule the refusals above keep: a plugin reads its own bundle's content (its class through
     * its class) and the JDK's, just not another's; the framework's revision, which it reaches only
     * by reflection on classes it does not import, is refused even for its own entries.
     */
    @Test
    public void aPluginReadsItsOwnBundlesContentAndTheJdks() throws Exception {
        install("drives-the-framework");
        if (plugins.info("drives-the-framework").state() != PluginState.ACTIVE) {
            plugins.start("drives-the-framework");
        }
        for (String route : List.of("own-resource", "jdk-resource")) {
            PluginResponse response = execute("drives-the-framework", "attack", Map.of("target", route));
            assertTrue(route + " was refused: " + response.error(), response.success());
            assertTrue(route + ": " + response.data(), String.valueOf(response.data()).startsWith("read "));
        }
        // the framework's classes, which it does not import, are not its to use by reflection, even on itself
        PluginResponse revision = execute("drives-the-framework", "attack", Map.of("target", "own-revision"));
        assertFalse(String.valueOf(revision.data()), revision.success());
        assertTrue(revision.error(), revision.error().contains("what it cannot link to"));
    }

    /**
     * An answer is made JSON on the task's thread: a library's lazy iterator and a bean are refused
     * unread (a getter that never returns cannot hang the runtime), the plugin's own record is read
     * as the plugin's act (its name lookup is refused at the sink); each refusal is audited, and the
     * runtime keeps answering, in the shell too.
     */
    @Test
    public void answersAreMadeJsonOnTheTaskThreadAsThePluginsAct() throws Exception {
        install("answers-with-an-object");
        List<String> failures = new ArrayList<>();
        Map<String, String> layers = Map.of("iterator", "tasks", "getter", "tasks", "record", "entitlements");
        for (Map.Entry<String, String> route : layers.entrySet()) {
            PluginResponse response = execute("answers-with-an-object", "attack", Map.of("target", route.getKey()));
            if (response.success() || !"INVALID_ANSWER".equals(response.errorCode())) {
                failures.add(route.getKey() + " was answered " + response);
            }
            if (auditLog().lines().noneMatch(line -> line.contains("\"plugin\":\"answers-with-an-object\"")
                    && line.contains("\"layer\":\"" + route.getValue() + "\"") && line.contains("\"decision\":\"deny\""))) {
                failures.add(route.getKey() + ": no denial of layer " + route.getValue() + " in the audit log");
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue(auditLog().contains("prsm-answer.invalid"));
        assertTrue("the shell still answers", shell("prsm:exec analytics-dashboard '{\"type\":\"get_metrics\"}'")
                .contains("\"success\""));
    }

    @Test
    public void theForeignLinkerIsStoppedWhereTheJdkHasIt() throws Exception {
        boolean ffm;
        try {
            Class.forName("java.lang.foreign.Linker");
            ffm = true;
        } catch (ClassNotFoundException absent) {
            ffm = false;
        }
        if (ffm) {
            assertEquals(List.of(), stopped(new Attack("uses-the-foreign-linker", "-", () -> null)));
        } else {
            install("uses-the-foreign-linker");
            PluginResponse response = execute("uses-the-foreign-linker", "attack", Map.of("target", "-"));
            assertEquals("JDK " + Runtime.version().feature() + " has no FFM API to reach", "no FFM API in this JDK",
                    response.data());
        }
    }

    /** JVM-wide state an attacker changed past this layer: each change read back here, in the same JVM. */
    @SuppressWarnings("deprecation")
    private List<Attack> moreJvmWideState() {
        java.io.PrintStream logStream = java.rmi.server.LogStream.getDefaultStream();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        List<java.util.logging.Level> handlerLevels = java.util.Arrays.stream(root.getHandlers())
                .map(java.util.logging.Handler::getLevel).toList();
        java.util.logging.Level rootLevel = root.getLevel();
        String sample = "sets-more-jvm-wide-state";
        return List.of(
                new Attack(sample, "zone-provider", () -> java.time.ZoneId.getAvailableZoneIds().contains("Prsm/Planted")
                        ? "a zone rules provider was registered" : null),
                new Attack(sample, "datagram-factory", () -> {
                    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
                        return null;
                    } catch (Exception broken) {
                        return "the datagram socket factory was replaced: " + broken;
                    }
                }),
                new Attack(sample, "beans-design-time", () -> java.beans.Beans.isDesignTime()
                        || java.beans.Beans.isGuiAvailable() != !java.awt.GraphicsEnvironment.isHeadless()
                        ? "JavaBeans design time or GUI changed" : null),
                // the plugin's call is the first use of RemoteServer: its initialiser sets up RMI's loggers, the
                // JDK's own act, which must not be refused there (that would break the class for the whole JVM)
                new Attack(sample, "rmi-log", () -> {
                    try {
                        return java.rmi.server.RemoteServer.getLog() == null ? null : "the RMI call log was set";
                    } catch (LinkageError brokenForTheJvm) {
                        return "RemoteServer no longer works for the platform: " + brokenForTheJvm;
                    }
                }),
                new Attack(sample, "logstream", () -> java.rmi.server.LogStream.getDefaultStream() == logStream ? null
                        : "the RMI default log stream was replaced"),
                new Attack(sample, "jul-handlers", () -> java.util.Arrays.stream(root.getHandlers())
                        .map(java.util.logging.Handler::getLevel).toList().equals(handlerLevels) ? null
                        : "the root logger's handlers were silenced"),
                new Attack(sample, "jul-mxbean", () -> java.util.Objects.equals(rootLevel, root.getLevel()) ? null
                        : "the root logger's level changed"),
                new Attack(sample, "jul-squat", () -> {
                    java.util.logging.Logger squatted = java.util.logging.LogManager.getLogManager()
                            .getLogger("io.prsm.sandbox");
                    return squatted != null && squatted.getClass() != java.util.logging.Logger.class
                            ? "a plugin's logger holds the platform's name" : null;
                }),
                new Attack(sample, "provider-put", () -> java.security.Security.getProvider("SUN")
                        .getProperty("MessageDigest.PRSM-PLANTED") == null ? null : "the SUN provider was changed"),
                // DriverManager shows a driver only to its own loader: the refused task is the evidence here
                new Attack(sample, "jdbc-driver", () -> null));
    }

    @Test
    public void aChannelOfThePluginsOwnIsNeverDefinedSoNoInterruptRunsItsCode() throws Exception {
        install("interrupts-through-its-channel");
        // its begin() would make the watchdog that interrupts the task run the plugin's endless close
        PluginResponse attacked = execute("interrupts-through-its-channel", "attack", Map.of());
        assertFalse(attacked.toString(), attacked.success());
        assertTrue(auditLog(), auditLog().lines().anyMatch(line -> line.contains(
                "\"plugin\":\"interrupts-through-its-channel\"") && line.contains("OwnChannel")
                && line.contains("class definition refused") && line.contains("AbstractInterruptibleChannel")));
        assertEquals("pong", execute("interrupts-through-its-channel", "ping", Map.of()).data());
    }

    @Test
    public void finalizeOfAPluginNeverHoldsTheJvmsFinalizerThreadAndIsAudited() throws Exception {
        // refused at install by the scan (ContainmentIT); here the scan only reports, so the weaving is the wall
        install("finalizes-on-the-jdk-thread");
        PluginResponse armed = execute("finalizes-on-the-jdk-thread", "arm", Map.of("count", 1000));
        assertTrue(armed.toString(), armed.success());
        // finalization goes on for the JVM: an object of the test's own, garbage after the plugin's, is finalized
        java.util.concurrent.CountDownLatch finalized = new java.util.concurrent.CountDownLatch(1);
        leaveGarbageThatCountsDownWhenFinalized(finalized);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        while (!finalized.await(100, java.util.concurrent.TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            System.gc();
        }
        assertEquals("the JVM's Finalizer thread no longer finalizes", 0, finalized.getCount());
        PluginResponse begun = execute("finalizes-on-the-jdk-thread", "finalized", Map.of());
        assertEquals(begun.toString(), 0, ((Number) begun.data()).intValue());
        String audit = auditLog();
        assertTrue(audit, audit.contains("FinalizesOnTheJdkThreadPlugin$Trap.finalize()"));
        assertTrue(audit, audit.contains("finalize() will not run"));
    }

    private static void leaveGarbageThatCountsDownWhenFinalized(java.util.concurrent.CountDownLatch finalized) {
        new Object() {
            @SuppressWarnings({ "deprecation", "removal" })
            @Override
            protected void finalize() {
                finalized.countDown();
            }
        };
    }
    /** Installs the sample (the scan reports, does not refuse), runs the attack, and lists what went wrong. */
    private List<String> stopped(Attack attack) throws Exception {
        List<String> failures = new ArrayList<>();
        install(attack.sample());
        if (plugins.info(attack.sample()).state() != PluginState.ACTIVE) {
            // quarantined after five refused attacks in a row: a sample with more routes starts again
            plugins.start(attack.sample());
        }
        long denialsBefore = denials(attack.sample());
        PluginResponse response = execute(attack.sample(), "attack", Map.of("target", attack.target()));
        if (response.success()) {
            failures.add(attack.sample() + " (" + attack.target() + ") succeeded: " + response.data());
        } else if (String.valueOf(response.error()).contains("TOP-SECRET")) {
            failures.add(attack.sample() + " read the secret: " + response.error());
        }
        String effect = attack.sideEffect().get();
        if (effect != null) {
            failures.add(attack.sample() + ": " + effect);
        }
        // a denial of this attack's own (a sample with several routes has one per route), or one the audit log
        // already holds (once per plugin, operation and target) and the task's error names
        long denialsAfter = denials(attack.sample());
        if (denialsAfter == denialsBefore && !(denialsAfter > 0 && String.valueOf(response.error())
                .contains("EntitlementDeniedException"))) {
            failures.add(attack.sample() + " (" + attack.target() + "): no new entitlements denial in the audit log; "
                    + "the task answered " + response.error());
        }
        return failures;
    }

    private long denials(String sample) throws Exception {
        return auditLog().lines().filter(line -> line.contains("\"plugin\":\"" + sample + "\"")
                && line.contains("\"layer\":\"entitlements\"") && line.contains("\"decision\":\"deny\"")).count();
    }

    private void install(String sample) throws PluginOperationException {
        if (plugins.list().stream().noneMatch(plugin -> plugin.pluginId().equals(sample))) {
            assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + sample)).state());
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * The install-time corpus (HostileAttacksIT and GatekeeperIT), installed with the scan off. Each
     * sample that acts at a JDK sink is stopped there; those that only reach a framework internal are
     * still refused at resolve. Not listed, because they never reach a sink in this JVM: uses-unsafe
     * (reads a constant), deserializes-an-object (an empty stream), uses-java-beans and
     * gets-a-class-loader (introspection and loading, no act), uses-service-loader (no provider),
     * hides-a-dynamic-constant (returns a name), uses-method-handles (its lookup fails first),
     * reflects-into-a-private-field (the class is not visible to it), reads-the-host-resources (no
     * such resource on this class path).
     */
    @Test
    public void theWholeScanCorpusIsStoppedAtItsSinksWithTheScanOff() throws Exception {
        List<String> failures = new ArrayList<>();
        Files.deleteIfExists(Path.of("/tmp/prsm-owned"));
        for (String[] sample : new String[][] { { "exits-the-jvm", "prsm.hostile.exits" },
                { "reads-a-file", "prsm.hostile.readsFile" }, { "writes-a-file", "prsm.hostile.writes-a-file" },
                { "opens-a-socket", "prsm.hostile.opens-a-socket" }, { "opens-a-url", "prsm.hostile.opens-a-url" },
                { "starts-a-process", "prsm.hostile.starts-a-process" },
                { "reads-the-environment", "prsm.hostile.reads-the-environment" },
                { "sets-a-system-property", "prsm.hostile.sets-a-system-property" },
                { "defines-a-class", "prsm.hostile.defines-a-class" },
                { "loads-a-native-library", "prsm.hostile.loads-a-native-library" },
                { "starts-a-thread", "prsm.hostile.starts-a-thread" },
                { "sets-jvm-defaults", "prsm.hostile.sets-jvm-defaults" },
                { "configures-logging", "prsm.hostile.configures-logging" },
                { "reads-a-system-property", "prsm.hostile.reads-a-system-property" } }) {
            assertEquals(PluginState.ACTIVE, plugins.install(property(sample[1])).state());
            PluginResponse response = execute(sample[0], "attack", Map.of());
            if (response.success()) {
                failures.add(sample[0] + " succeeded: " + response.data());
            }
            if (auditLog().lines().noneMatch(line -> line.contains("\"plugin\":\"" + sample[0] + "\"")
                    && line.contains("\"layer\":\"entitlements\"") && line.contains("\"decision\":\"deny\""))) {
                failures.add(sample[0] + ": no entitlements denial in the audit log");
            }
        }
        assertFalse("the process never ran, the file was never written", Files.exists(Path.of("/tmp/prsm-owned")));
        assertFalse("java.io.tmpdir was not changed", "/owned".equals(System.getProperty("java.io.tmpdir")));
        for (String resolveOnly : List.of("prsm.hostile.registers-a-find-hook", "prsm.hostile.installs-a-bundle")) {
            try {
                plugins.install(property(resolveOnly));
                failures.add(resolveOnly + " was installed with the scan off");
            } catch (PluginOperationException refused) {
                // the resolver hook refuses the wiring whatever the scan says
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    @Test
    public void anEntitlementTheManifestDeclaresAndThePolicyGrantsIsInForceAndShown() throws Exception {
        String jar = property("prsm.hostile.listens-on-a-port");
        String validated = shell("prsm:validate " + jar);
        assertTrue(validated, validated.contains("Entitlements declared: inbound_network ports=*"));
        assertTrue(validated, validated.contains("Entitlements granted: none"));
        assertTrue(validated, validated.contains("entitlements: enforce (agent loaded; threads no plugin code ran on "
                + "are not walked)"));

        Files.writeString(storage.resolve("policy.json"), "{\"entitlements\": {\"grants\": {\"listens-on-a-port\": "
                + "{\"inbound_network\": [\"*\"]}}}}");
        shell("prsm:policy reload");
        install("listens-on-a-port");
        String info = shell("prsm:info listens-on-a-port");
        assertTrue(info, info.replaceAll(" {2,}", " ").contains("Entitlements: enforce (agent loaded;"));
        assertTrue(info, info.contains("Entitlements declared: inbound *"));
        assertTrue(info, info.contains("Entitlements in force: its data folder; inbound *"));
        assertTrue(shell("prsm:policy"), shell("prsm:policy").contains("Entitlements granted to listens-on-a-port: inbound *"));
        PluginResponse listening = execute("listens-on-a-port", "attack", Map.of("target", String.valueOf(freePort())));
        assertTrue(listening.error(), listening.success());
    }

    @Test
    public void modeAuditLetsTheActThroughAndSuggestsThePolicyEntry() throws Exception {
        Files.writeString(storage.resolve("policy.json"), "{\"entitlements\": {\"mode\": \"audit\"}}");
        shell("prsm:policy reload");
        try {
            install("scans-a-file");
            PluginResponse read = execute("scans-a-file", "attack", Map.of("target", secret.toString()));
            assertTrue(read.error(), read.success());
            assertTrue(auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"scans-a-file\"")
                    && line.contains("mode audit: enforce would refuse this")));
            String suggested = shell("prsm:policy suggest scans-a-file");
            assertTrue(suggested, suggested.contains("\"path\" : \"" + secret + "\""));
            assertTrue(suggested, suggested.contains("\"mode\" : \"read\""));
        } finally {
            Files.writeString(storage.resolve("policy.json"), "{}");
            shell("prsm:policy reload");
        }
    }

    @Test
    public void aScanRefusalIsOnlyReportedWhenTheScanIsSwitchedOff() throws Exception {
        install("scans-a-file");
        assertTrue(auditLog().lines().anyMatch(line -> line.contains("\"plugin\":\"scans-a-file\"")
                && line.contains("\"layer\":\"bytecode\"") && line.contains("reported, not refused")));
        assertFalse(Files.readString(storage.resolve("host-secret.txt")).isEmpty());
    }
}
