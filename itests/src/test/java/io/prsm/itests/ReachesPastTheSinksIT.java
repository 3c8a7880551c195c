package io.prsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

import io.prsm.api.PluginResponse;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;

/**
 * The routes a third attacker pass found beside the JDK methods the agent first instrumented
 * (sample {@code reaches-past-the-sinks}, scan in report mode): each is stopped where the JDK acts,
 * leaves no trace on the host, is in the audit log as an entitlements denial, and the other plugin
 * keeps serving. The sample is granted {@code 127.0.0.1:*}, so only its redirect to another host
 * and its connect to {@code 127.0.0.2} are beyond what it may reach.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReachesPastTheSinksIT extends PrsmTestSupport {

    private static final String SAMPLE = "reaches-past-the-sinks";
    /** Another loopback address (all of 127/8 is the loopback on Linux): a host no grant names. */
    private static final InetAddress OTHER_HOST = address(127, 0, 0, 2);

    private Path storage;
    private Path secret;
    private Path data;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(RuntimeOptions.forTest("reaches-past-the-sinks"),
                frameworkProperty("prsm.bytecode.scan").value("report"));
    }

    @Before
    public void grantLoopbackAndPlantASecret() throws Exception {
        storage = Path.of(context.getProperty("prsm.storage"));
        // each HTTP client keeps its threads until it is collected: room for the three the redirect routes build
        Files.writeString(storage.resolve("policy.json"), "{\"entitlements\": {\"grants\": {\"" + SAMPLE
                + "\": {\"outbound_network\": [\"127.0.0.1:*\"]}}}, \"containment\": {\"threads\": "
                + "{\"sandbox\": 16}}}");
        shell("prsm:policy reload");
        secret = storage.resolve("host-secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        data = storage.resolve("plugins/" + SAMPLE + "/data");
        assertEquals(PluginState.ACTIVE, plugins.install(analyticsJar()).state());
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + SAMPLE)).state());
    }

    /** One route: its argument, and what must still hold afterwards (null when it does). */
    private record Attack(String route, String argument, Supplier<String> sideEffect) {
    }

    private Supplier<String> absent(Path path) {
        return () -> Files.exists(path) ? path + " exists" : null;
    }

    @Test
    public void everyRouteBesideTheFirstSinksIsStoppedWhereTheJdkActs() throws Exception {
        Path listed = Files.createDirectories(storage.resolve("listed"));
        Files.writeString(listed.resolve("visible-name"), "x");
        Path temporary = Files.createDirectories(storage.resolve("temporary"));
        List<Attack> attacks = new ArrayList<>(List.of(
                new Attack("secure-directory-read", secret.toString(), () -> null),
                new Attack("secure-directory-read", "../../../host-secret.txt", () -> null),
                new Attack("secure-directory-write", storage.resolve("escaped-sds").toString(),
                        absent(storage.resolve("escaped-sds"))),
                new Attack("secure-directory-delete", secret.toString(),
                        () -> Files.exists(secret) ? null : "the secret was deleted"),
                new Attack("symlink-read", secret.toString(), () -> null),
                new Attack("symlink-write", storage.resolve("escaped-link").toString(),
                        absent(storage.resolve("escaped-link"))),
                new Attack("list-files", listed.toString(), () -> null),
                new Attack("temp-file", temporary.toString(), () -> listing(temporary).isEmpty() ? null
                        : "a file was made in " + temporary + ": " + listing(temporary)),
                new Attack("reverse-lookup", "10.1.2.3", () -> null),
                new Attack("naming-builder", "-", () -> namingBuilderSet() ? "the JVM's JNDI builder was set" : null)));
        List<String> failures = new ArrayList<>();
        try (ServerSocketChannel elsewhere = ServerSocketChannel.open()) {
            elsewhere.bind(new InetSocketAddress(OTHER_HOST, 0));
            elsewhere.configureBlocking(false);
            int port = elsewhere.socket().getLocalPort();
            Supplier<String> untouched = () -> {
                try {
                    return elsewhere.accept() == null ? null : "a connection reached 127.0.0.2";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            };
            attacks.add(new Attack("adaptor-connect", "127.0.0.2:" + port, untouched));
            for (Attack attack : attacks) {
                failures.addAll(stopped(attack, data.toString()));
            }
            // the granted host would answer with a redirect to one no grant names: a client that follows redirects
            // connects from threads that need not be the plugin's, whatever its executor, so it is refused at send
            for (String route : List.of("http-redirect", "http-redirect-own-pool", "http-redirect-common-pool")) {
                failures.addAll(redirected(route));
            }
            if (!auditLog().contains("where redirects or a proxy lead")) {
                failures.add("the clients that follow redirects were not refused as such");
            }
            if (auditLog().contains("thread limit reached")) {
                failures.add("a route was stopped by the thread limit, not where it acts");
            }
        }
        assertEquals("TOP-SECRET", Files.readString(secret));
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    private List<String> redirected(String route) throws Exception {
        try (ServerSocket granted = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocketChannel elsewhere = ServerSocketChannel.open()) {
            elsewhere.bind(new InetSocketAddress(OTHER_HOST, 0));
            elsewhere.configureBlocking(false);
            CompletableFuture<Void> redirecting = CompletableFuture.runAsync(() -> redirect(granted,
                    "http://127.0.0.2:" + elsewhere.socket().getLocalPort() + "/elsewhere"));
            List<String> failures = stopped(new Attack(route, "http://127.0.0.1:" + granted.getLocalPort() + "/start",
                    () -> {
                        try {
                            return elsewhere.accept() == null ? null : "the redirect reached 127.0.0.2";
                        } catch (java.io.IOException e) {
                            return e.toString();
                        }
                    }), data.toString());
            if (!redirecting.isDone()) {
                // refused before it asked: nothing will connect to the granted host, so stop waiting for it
                granted.close();
            }
            redirecting.handle((done, closed) -> null).get(SAFETY_SECONDS, TimeUnit.SECONDS);
            return failures;
        }
    }

    /**
     * Direct memory (atk3): a sandbox plugin declaring 64 MiB kept 256 MiB of direct buffers, which
     * no heap budget sees. It is charged to the plugin now, and the buffer that would take it past
     * the memory it declares is refused where the JDK reserves it, audited.
     */
    @Test
    public void directBuffersAreChargedToThePluginsMemory() throws Exception {
        String hoarder = "hoards-direct-memory";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + hoarder)).state());
        long mib = 1024 * 1024;
        PluginResponse within = execute(hoarder, "hoard", Map.of("count", 40, "size", (int) mib));
        assertTrue(String.valueOf(within.error()), within.success());
        assertEquals(40 * mib, ((Number) within.data()).longValue());
        // the operator sees the charge, which no heap figure shows (its block's values share one column)
        String info = shell("prsm:info " + hoarder).replaceAll(" {2,}", " ");
        assertTrue(info, info.contains("Direct memory: 40.0 MiB held in direct buffers, charged against its declared "
                + "memory of 64.0 MiB"));
        PluginResponse past = execute(hoarder, "hoard", Map.of("count", 40, "size", (int) mib));
        assertTrue("it held past its memory: " + past.data(), !past.success());
        assertTrue(String.valueOf(past.error()), String.valueOf(past.error()).contains("MEMORY_LIMIT"));
        String denial = auditLog().lines().filter(line -> line.contains("\"plugin\":\"" + hoarder + "\"")
                && line.contains("\"decision\":\"deny\"") && line.contains("direct_memory")).findFirst().orElse(null);
        assertTrue("no denial of direct memory in the audit log", denial != null && denial.contains("MEMORY_LIMIT"));
        // what it kept stayed within what it declares: 24 MiB more are refused too
        PluginResponse more = execute(hoarder, "hoard", Map.of("count", 1, "size", (int) (mib * 24)));
        assertTrue("it held past its memory: " + more.data(), !more.success());
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * Declarative Services as a deputy (atk5): a sandbox plugin's component descriptor named
     * {@code java.util.logging.FileHandler}, {@code java.net.DatagramSocket} and {@code java.util.Timer}
     * as implementation classes, which SCR constructed on its own thread with no frame of the plugin on
     * the stack. A manifest rule refuses it at install, whatever the scan's mode (here it only reports).
     */
    @Test
    public void aPluginCannotNameAJdkClassForTheFrameworkToConstruct() throws Exception {
        String deputy = "declares-a-jdk-component";
        String refused = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile." + deputy))).getMessage();
        assertTrue(refused, refused.contains("names implementation class java.util.logging.FileHandler, which is not one "
                + "of its own classes"));
        assertTrue(refused, refused.contains("java.net.DatagramSocket"));
        assertTrue("no denial in the audit log", auditLog().lines().anyMatch(line -> line.contains(deputy)
                && line.contains("\"decision\":\"deny\"") && line.contains("java.util.Timer")));
        assertTrue(plugins.list().stream().noneMatch(info -> info.pluginId().equals(deputy)));
        // a decoy java/util/Timer.class in the jar does not make the JDK's class its own (atk6)
        String decoy = assertThrows(PluginOperationException.class,
                () -> plugins.install(property("prsm.hostile.names-jdk-classes-as-its-own"))).getMessage();
        assertTrue(decoy, decoy.contains("java.util.Timer, which is not one of its own classes"));
        // installed around the plugin manager, it is refused at resolve, and SCR never sees it active
        org.osgi.framework.Bundle around = context.installBundle("file:" + property("prsm.hostile." + deputy));
        try {
            assertThrows(org.osgi.framework.BundleException.class, around::start);
            assertEquals(org.osgi.framework.Bundle.INSTALLED, around.getState());
            String bundleId = "\"bundle\":" + around.getBundleId() + ",";
            assertTrue("not refused by the manifest rule", auditLog().lines().anyMatch(line -> line.contains(bundleId)
                    && line.contains("gatekeeper's manifest rules") && line.contains("java.util.logging.FileHandler")));
        } finally {
            around.uninstall();
        }
    }

    /**
     * Mapped files (atk5): a sandbox plugin declaring 64 MiB mapped 1 GiB of a sparse file in its own
     * data folder, process memory no charge saw. A mapping is charged by its size like a direct
     * buffer, and the one that would take the plugin past the memory it declares is refused, audited.
     */
    @Test
    public void mappedFilesAreChargedToThePluginsMemory() throws Exception {
        String mapper = "maps-memory-it-is-not-charged";
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + mapper)).state());
        String folder = storage.resolve("plugins/" + mapper + "/data").toString();
        PluginResponse within = execute(mapper, "private", Map.of("mib", 32, "dir", folder));
        assertTrue(String.valueOf(within.error()), within.success());
        assertTrue("a mapping within its memory failed: " + within.data(), !String.valueOf(within.data()).contains("failed"));
        PluginResponse past = execute(mapper, "private", Map.of("mib", 64, "dir", folder));
        assertTrue("it mapped past its memory: " + past.data(), String.valueOf(past.data()).contains("MEMORY_LIMIT"));
        String denial = auditLog().lines().filter(line -> line.contains("\"plugin\":\"" + mapper + "\"")
                && line.contains("\"decision\":\"deny\"") && line.contains("direct_memory")).findFirst().orElse(null);
        assertTrue("no denial of mapped memory in the audit log", denial != null && denial.contains("MEMORY_LIMIT"));
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * A mapping's charge is released only by a mapped buffer's unmapper (atk6, JDK 22+): a file mapped
     * as a segment of an arena gets no cleaner, and its charge waiting on the thread left with the next
     * one-byte direct buffer made there, so 480 MiB were mapped at 64 MiB declared.
     */
    @Test
    public void aMappingsChargeDoesNotLeaveWithADirectBuffer() throws Exception {
        String launderer = "launders-a-mapped-charge";
        if (Runtime.version().feature() < 22) {
            // it imports java.lang.foreign, which the JDK has from 22 on
            String refused = assertThrows(PluginOperationException.class,
                    () -> plugins.install(property("prsm.hostile." + launderer))).getMessage();
            assertTrue(refused, refused.contains("java.lang.foreign"));
            return;
        }
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile." + launderer)).state());
        String folder = storage.resolve("plugins/" + launderer + "/data").toString();
        String first = String.valueOf(execute(launderer, "map", Map.of("mib", 40, "dir", folder, "launder", 1)).data());
        assertTrue(first, first.contains("mapped=40"));
        String second = String.valueOf(execute(launderer, "map", Map.of("mib", 40, "dir", folder, "launder", 1)).data());
        assertTrue("the first mapping's charge was laundered: " + second, second.contains("MEMORY_LIMIT"));
    }

    /**
     * Virtual threads (atk3, JDK 21+): invisible to the CPU share and the low-memory guard, which
     * measure per thread what the JVM does not measure for them, so they are refused below trusted.
     */
    @Test
    public void aVirtualThreadIsRefused() throws Exception {
        if (Runtime.version().feature() < 21) {
            PluginResponse none = execute(SAMPLE, "attack", Map.of("target", "virtual-thread|-|" + data));
            assertEquals("no virtual threads on this JDK", none.data());
            return;
        }
        List<String> failures = stopped(new Attack("virtual-thread", "-", () -> null), data.toString());
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the refusal does not say why", auditLog().contains("start a platform thread instead"));
    }

    /**
     * The common pool's workers (atk3): on JDK 17 the JDK's own factory gave a worker the context
     * class loader of whichever thread made it, so after a runtime thread made one, a plugin's task
     * on the common pool read the runtime bundle's loader and loaded its private classes. Workers are
     * made here by a thread whose context loader is the runtime's, as the runtime's own threads have.
     */
    @Test
    public void commonPoolWorkersDoNotCarryTheRuntimesClassLoader() throws Exception {
        ClassLoader runtimeLoader = plugins.getClass().getClassLoader();
        String privateClass = "io.prsm.runtime.commands.JsonStyle";
        assertEquals(privateClass, runtimeLoader.loadClass(privateClass).getName());
        java.util.concurrent.ForkJoinPool pool = java.util.concurrent.ForkJoinPool.commonPool();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.ForkJoinTask<?>> holding = new ArrayList<>();
        Thread[] made = new Thread[1];
        Thread maker = new Thread(() -> {
            made[0] = pool.getFactory().newThread(pool);
            // every worker the pool makes now is made by this thread
            for (int i = 0; i < pool.getParallelism(); i++) {
                holding.add(pool.submit(() -> {
                    release.await();
                    return null;
                }));
            }
        }, "runtime-like");
        maker.setContextClassLoader(runtimeLoader);
        maker.start();
        maker.join();
        try {
            assertEquals("a worker made by a thread with the runtime's loader", ClassLoader.getSystemClassLoader(),
                    made[0].getContextClassLoader());
        } finally {
            release.countDown();
            for (java.util.concurrent.ForkJoinTask<?> task : holding) {
                task.get(SAFETY_SECONDS, TimeUnit.SECONDS);
            }
        }
        PluginResponse read = execute(SAMPLE, "attack", Map.of("target", "common-pool-loader|" + privateClass + "|"
                + data));
        assertTrue(String.valueOf(read.error()), read.success());
        // the system class loader, as JDK 19 and later give every worker (in a test it may see the runtime's jar on
        // the class path: classes of their own, not the runtime bundle's, whose shared state stays out of reach)
        assertTrue(String.valueOf(read.data()), String.valueOf(read.data()).startsWith("context loader "
                + ClassLoader.getSystemClassLoader() + ":"));
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * Links the plugin did not make, already in its data folder (here the operator's, made as
     * trusted code; or from before making links was refused): one pointing out, one pointing back
     * at the folder with ".." after it. The names stay in the folder; the real path does not.
     */
    @Test
    public void linksAlreadyInItsDataFolderDoNotLeadOut() throws Exception {
        Path out = data.resolve("out");
        Path up = data.resolve("d0/d1/d2/up");
        Files.createDirectories(up.getParent());
        Files.deleteIfExists(out);
        Files.deleteIfExists(up);
        Files.createSymbolicLink(out, storage);
        Files.createSymbolicLink(up, data);
        Path written = storage.resolve("escaped-existing-link");
        List<String> failures = new ArrayList<>();
        try {
            failures.addAll(stopped(new Attack("existing-link-read", "out/host-secret.txt", () -> null), data.toString()));
            failures.addAll(stopped(new Attack("existing-link-read", "d0/d1/d2/up/../../../host-secret.txt", () -> null),
                    data.toString()));
            failures.addAll(stopped(new Attack("existing-link-write", "out/escaped-existing-link", absent(written)),
                    data.toString()));
            failures.addAll(stopped(new Attack("existing-link-write", "d0/d1/d2/up/../../../escaped-existing-link",
                    absent(written)), data.toString()));
            if (!auditLog().contains("leads through a symbolic link to " + storage.toRealPath().resolve("host-secret.txt"))) {
                failures.add("the audit log does not say where the link leads");
            }
            // a link carried, by moving the folder holding it, to names the check already saw as no link
            Files.createDirectories(data.resolve("operators"));
            Files.deleteIfExists(data.resolve("operators/f"));
            Files.createSymbolicLink(data.resolve("operators/f"), secret);
            for (String route : List.of("move-link-over-seen", "rename-link-over-seen")) {
                failures.addAll(stopped(new Attack(route, "operators", () -> Files.exists(data.resolve("operators"))
                        ? null : "the folder holding the link was moved"), data.toString()));
            }
            if (!auditLog().contains("moves a symbolic link, or a folder holding one")) {
                failures.add("the audit log does not say the move would carry a link");
            }
            // its own files, also through the link that stays inside, are still its own
            Files.writeString(data.resolve("own.txt"), "mine");
            if (plugins.info(SAMPLE).state() != PluginState.ACTIVE) {
                plugins.start(SAMPLE);
            }
            PluginResponse own = execute(SAMPLE, "attack", Map.of("target", "existing-link-read|d0/d1/d2/up/own.txt|" + data));
            if (!own.success() || !"mine".equals(own.data())) {
                failures.add("its own file through a link inside its folder was refused: " + own.error());
            }
        } finally {
            Files.delete(out);
            Files.delete(up);
            Files.deleteIfExists(data.resolve("operators/f"));
        }
        assertEquals("TOP-SECRET", Files.readString(secret));
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /**
     * Jackson's process-wide defaults, which every bundle wired to jackson-core shares
     * (overrides-jackson-defaults): the scan refuses the setters (FailClosedIT); here, where it only
     * reports, the plugin sets them, and the runtime's JSON, whose mappers spell out their own limits,
     * does not take them.
     */
    @Test
    public void jacksonsProcessWideDefaultsDoNotReachTheRuntimesJson() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.overrides-jackson-defaults")).state());
        try {
            PluginResponse overridden = execute("overrides-jackson-defaults", "attack", Map.of("n", 1));
            assertTrue(overridden.error(), overridden.success());
            String metrics = shell("prsm:exec analytics-dashboard '{\"type\":\"get_metrics\"}'");
            assertTrue(metrics, metrics.contains("\"success\" : true"));
            String listed = shell("prsm:list --json");
            assertTrue(listed, listed.contains("\"plugin_id\":\"overrides-jackson-defaults\""));
        } finally {
            // the defaults are the whole framework's: later tests get jackson-core's own depth (1000) back
            execute("overrides-jackson-defaults", "attack", Map.of("n", 1000));
        }
    }

    /**
     * The platform's classes are one {@code getClassLoader()} away from any object it hands a plugin
     * (its {@code PluginConfig}, an API class), and their public members were a key to its code
     * (atk4): the runtime's storage factory made over any folder, inside the platform's own act mark;
     * the containment stop raised on every thread of the JVM; the runtime's one JSON mapper rewired.
     * Whatever a plugin reaches by reflection or a method handle must be what its own class loader
     * links to: each route is refused where the member is reached, audited, leaves nothing behind,
     * and the runtime serves on, from a sandbox and from an isolated plugin.
     */
    @Test
    public void thePlatformsClassesAreNoKeyToItsCode() throws Exception {
        Path outside = storage.resolve("outside-" + System.nanoTime());
        Files.createDirectories(outside);
        record Route(String plugin, String task, Map<String, Object> config) {
        }
        List<Route> routes = List.of(
                new Route("borrows-the-platforms-storage", "write", Map.of("dir", outside.toString(), "id", "x")),
                new Route("borrows-the-platforms-storage", "read", Map.of("dir", storage.toString(),
                        "key", secret.getFileName().toString())),
                new Route("borrows-the-platforms-storage", "put", Map.of("dir", storage.toString(),
                        "key", "policy.json", "value", "{\"trusted\": {\"borrows-the-platforms-storage\": \"\"}}")),
                new Route("reaches-the-stop-switch", "raise", Map.of("match", "")),
                new Route("reconfigures-the-platforms-json", "nest", Map.of()),
                new Route("reconfigures-the-platforms-json", "wrap", Map.of()),
                new Route("isolated-reaches-the-platform", "write", Map.of("dir", outside.toString(), "id", "y")),
                new Route("isolated-reaches-the-platform", "raise", Map.of("dir", outside.toString())));
        String policyBefore = Files.readString(storage.resolve("policy.json"));
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            String plugin = route.plugin();
            if (plugins.list().stream().noneMatch(info -> info.pluginId().equals(plugin))) {
                assertEquals(plugin, PluginState.ACTIVE, plugins.install(property("prsm.hostile." + plugin)).state());
            } else if (plugins.info(plugin).state() != PluginState.ACTIVE) {
                plugins.start(plugin);
            }
            PluginResponse response = execute(plugin, route.task(), route.config());
            String named = plugin + " " + route.task();
            if (response.success()) {
                failures.add(named + " succeeded: " + response.data());
            } else if (!String.valueOf(response.error()).contains("is not entitled to")
                    || !String.valueOf(response.error()).contains(" io.prsm.")) {
                failures.add(named + " failed otherwise: " + response.error());
            }
        }
        try (java.util.stream.Stream<Path> left = Files.list(outside)) {
            List<Path> written = left.toList();
            if (!written.isEmpty()) {
                failures.add("written outside: " + written);
            }
        }
        if (!Files.readString(storage.resolve("policy.json")).equals(policyBefore)) {
            failures.add("policy.json was rewritten");
        }
        // a platform class's public static field (atk5): by Field.get, a getter's handle and a var handle, which it then sets
        String fields = "reads-a-platform-field-through-a-var-handle";
        assertEquals(fields, PluginState.ACTIVE, plugins.install(property("prsm.hostile." + fields)).state());
        Map<?, ?> reached = (Map<?, ?>) execute(fields, "field", Map.of("clear", true)).data();
        for (String route : List.of("Field.get", "findStaticGetter", "findStaticVarHandle")) {
            String outcome = String.valueOf(reached.get(route));
            if (!outcome.startsWith("refused: ") || !outcome.contains("is not entitled to")) {
                failures.add(fields + " " + route + ": " + outcome);
            }
        }
        String log = auditLog();
        for (String plugin : List.of("borrows-the-platforms-storage", "reaches-the-stop-switch",
                "reconfigures-the-platforms-json", "isolated-reaches-the-platform", fields)) {
            if (log.lines().noneMatch(line -> line.contains("\"plugin\":\"" + plugin + "\"")
                    && (line.contains("\"request\":\"foreign_member io.prsm.")
                            || line.contains("\"request\":\"reflection io.prsm."))
                    && line.contains("\"decision\":\"deny\""))) {
                failures.add(plugin + ": no denial of a platform class's member in the audit log");
            }
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        // no stop raised on the platform's threads, its JSON as it was
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
        String listed = shell("prsm:list --json");
        assertTrue(listed, listed.contains("\"plugin_id\":\"analytics-dashboard\""));
    }

    /**
     * Refusals are audited once per target, so a plugin aiming at ever new long paths would rotate
     * every earlier decision out of the audit log (atk4's floods-the-audit-log): one by one it gets
     * 100 a minute, each target cut short; the rest are thrown as always and counted.
     */
    @Test
    public void aPluginCannotFloodTheAuditLog() throws Exception {
        assertEquals(PluginState.ACTIVE, plugins.install(property("prsm.hostile.floods-the-audit-log")).state());
        long before = auditLog().length();
        PluginResponse flood = execute("floods-the-audit-log", "flood", Map.of("count", 400, "length", 4000));
        assertTrue(flood.error(), flood.success());
        assertEquals("refused 400 of 400", String.valueOf(flood.data()).substring(0, "refused 400 of 400".length()));
        List<String> written = auditLog().substring((int) before).lines()
                .filter(line -> line.contains("\"plugin\":\"floods-the-audit-log\"")
                        && line.contains("\"layer\":\"entitlements\"")).toList();
        assertEquals(String.valueOf(written.size()), 100, written.size());
        assertTrue(written.get(99), written.get(99).contains("further ones are counted, not written"));
        assertTrue("each line short: " + written.stream().mapToInt(String::length).max().orElse(0),
                written.stream().allMatch(line -> line.length() < 2000));
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /** Stacks of threads it did not start name the platform's and other plugins' classes: not its to read. */
    @Test
    public void itReadsNoStackOfAThreadItDidNotStart() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        Thread foreign = new Thread(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "atk14b-foreign-thread");
        foreign.start();
        List<String> failures = new ArrayList<>();
        try {
            running.await(SAFETY_SECONDS, TimeUnit.SECONDS);
            failures.addAll(stopped(new Attack("all-stack-traces", "-", () -> null), data.toString()));
            failures.addAll(stopped(new Attack("foreign-stack-trace", foreign.getName(), () -> null), data.toString()));
        } finally {
            release.countDown();
            foreign.join(TimeUnit.SECONDS.toMillis(SAFETY_SECONDS));
        }
        String log = auditLog();
        if (!log.contains("Thread.getAllStackTraces")) {
            failures.add("getAllStackTraces was not refused as such");
        }
        if (!log.contains("atk14b-foreign-thread (getStackTrace)")) {
            failures.add("the foreign thread's getStackTrace was not refused as such");
        }
        assertEquals(String.join("\n", failures), List.of(), failures);
        assertTrue("the other plugin still serves", execute("analytics-dashboard", "get_metrics", Map.of()).success());
    }

    /** What the sample's grant still allows: an HTTP client that follows no redirect reaches the host the policy names. */
    @Test
    public void theGrantedHostIsStillReachedWithoutARedirect() throws Exception {
        try (ServerSocket granted = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answer(granted, "HTTP/1.1 204 No Content"));
            PluginResponse response = execute(SAMPLE, "attack", Map.of("target", "http-get|http://127.0.0.1:"
                    + granted.getLocalPort() + "/here|" + data));
            assertTrue(String.valueOf(response.error()), response.success());
            assertEquals("204", response.data());
            answered.get(SAFETY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Runs the route and lists what went wrong: it succeeded, leaked the secret, left a trace, or was not audited. */
    private List<String> stopped(Attack attack, String folder) throws Exception {
        List<String> failures = new ArrayList<>();
        if (plugins.info(SAMPLE).state() != PluginState.ACTIVE) {
            // quarantined after five refused attacks in a row: the next route starts it again
            plugins.start(SAMPLE);
        }
        long before = denials();
        PluginResponse response = execute(SAMPLE, "attack", Map.of("target", attack.route() + "|" + attack.argument()
                + "|" + folder));
        String named = attack.route() + " (" + attack.argument() + ")";
        if (response.success()) {
            failures.add(named + " succeeded: " + response.data());
        } else if (String.valueOf(response.error()).contains("TOP-SECRET")
                || String.valueOf(response.error()).contains("visible-name")) {
            failures.add(named + " read what it may not: " + response.error());
        }
        String effect = attack.sideEffect().get();
        if (effect != null) {
            failures.add(named + ": " + effect);
        }
        // a denial of its own, or the one the log already holds for the same act (once per plugin, operation and target)
        if (denials() == before && !(before > 0 && String.valueOf(response.error()).contains("is not entitled to"))) {
            failures.add(named + ": no new entitlements denial in the audit log; the task answered " + response.error());
        }
        return failures;
    }

    private long denials() throws Exception {
        return auditLog().lines().filter(line -> line.contains("\"plugin\":\"" + SAMPLE + "\"")
                && line.contains("\"layer\":\"entitlements\"") && line.contains("\"decision\":\"deny\"")).count();
    }

    private static List<Path> listing(Path folder) {
        try (var files = Files.list(folder)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether the JVM's JNDI builder is set; asked through the platform loader, as the sample reached it. */
    private static boolean namingBuilderSet() {
        try {
            return (Boolean) Class.forName("javax.naming.spi.NamingManager", true, ClassLoader.getPlatformClassLoader())
                    .getMethod("hasInitialContextFactoryBuilder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void redirect(ServerSocket server, String location) {
        answer(server, "HTTP/1.1 302 Found\r\nLocation: " + location);
    }

    /** Answers one request with {@code statusAndHeaders} and no body. */
    private static void answer(ServerSocket server, String statusAndHeaders) {
        try (Socket client = server.accept()) {
            BufferedReader request = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String line = request.readLine(); line != null && !line.isEmpty(); line = request.readLine()) {
                // the request's headers: read to their end before answering
            }
            OutputStream out = client.getOutputStream();
            out.write((statusAndHeaders + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
