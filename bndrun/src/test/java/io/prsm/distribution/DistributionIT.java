package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.Before;
import org.junit.Test;

/** The executable distribution, run the way the README and an operator run it. */
public class DistributionIT {

    private final String analytics = System.getProperty("prsm.sample.analytics");
    private Path storage;
    private Path plugins;

    @Before
    public void freshFolders() throws Exception {
        storage = PrsmProcess.freshFolder("storage");
        plugins = PrsmProcess.freshFolder("plugins");
    }

    private static void assertNoStackTrace(PrsmProcess prsm) {
        assertFalse(prsm.stderr(), prsm.stderr().contains("\tat "));
        assertFalse(prsm.stdout(), prsm.stdout().contains("\tat "));
    }

    @Test
    public void batchInstallsExecutesAndListsAndThePluginOutlivesTheProcess() throws Exception {
        PrsmProcess first = PrsmProcess.batch(storage, plugins, "prsm:install file:" + analytics,
                "prsm:exec analytics-dashboard '{\"type\":\"get_metrics\"}'", "prsm:list");
        assertEquals(first.stderr(), 0, first.exitCode());
        String out = first.stdout();
        assertTrue(out, out.startsWith("analytics-dashboard\n"));
        assertTrue(out, out.contains("\"total\" : 1"));
        assertTrue(out, out.matches("(?s).*\"heap_used_bytes\" : [1-9][0-9]*,.*"));
        assertTrue(out, out.contains("analytics-dashboard  1.0.0    analytics  sandbox  active"));

        PrsmProcess second = PrsmProcess.batch(storage, plugins, "prsm:list");
        assertEquals(second.stderr(), 0, second.exitCode());
        assertTrue(second.stdout(), second.stdout().contains("analytics-dashboard  1.0.0    analytics  sandbox  active"));
    }

    @Test
    public void invalidPluginsAreRefusedNamingTheFieldAndInstalledOnesAreUnaffected() throws Exception {
        assertEquals(0, PrsmProcess.batch(storage, plugins, "prsm:install " + analytics).exitCode());
        PrsmProcess refused = PrsmProcess.batch(storage, plugins,
                "prsm:install " + System.getProperty("prsm.sample.invalidVersion"),
                "prsm:install " + System.getProperty("prsm.sample.invalidType"), "prsm:list");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr(), refused.stderr().contains("Field 'version': '1.0' is not a semantic version"));
        assertTrue(refused.stderr(), refused.stderr().contains("Field 'type': 'spaceship' is not a plugin type"));
        assertTrue(refused.stdout(), refused.stdout().contains("analytics-dashboard  1.0.0    analytics  sandbox  active"));
        assertFalse(refused.stdout(), refused.stdout().contains("invalid-"));
        assertNoStackTrace(refused);
    }

    /** On the console as an operator sees it (WARN and up), with HTTP off on purpose. */
    @Test
    public void refusedInstallSaysItsReasonsOnceAndIsAuditedAgainstThePluginId() throws Exception {
        PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--log-level", "warn", "--batch", "-");
        prsm.send("prsm:install " + System.getProperty("prsm.sample.invalidType"));
        prsm.send("prsm:audit 1");
        prsm.closeInput();
        assertEquals(prsm.stderr(), 1, prsm.awaitExit());
        assertEquals(prsm.stderr(), 1, prsm.stderr().split("'spaceship' is not a plugin type", -1).length - 1);
        assertFalse("no warning for HTTP off on purpose: " + prsm.stderr(), prsm.stderr().contains("Jetty"));
        assertTrue(prsm.stdout(), prsm.stdout().lines().anyMatch(line -> line.matches(
                ".*DENY +lifecycle +invalid-type +install .*invalid-type-plugin-1\\.0\\.0-SNAPSHOT\\.jar.*")));
    }

    /**
     * Issue 18 point 4: a download that takes more than a second shows its progress on the console at
     * the default level. The server sends 128 bytes at a time until the progress line is seen.
     */
    @Test
    public void slowDownloadShowsItsProgressOnTheConsole() throws Exception {
        byte[] jar = Files.readAllBytes(Path.of(analytics));
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/analytics-dashboard.jar", exchange -> {
            exchange.sendResponseHeaders(200, jar.length);
            try (java.io.OutputStream body = exchange.getResponseBody()) {
                for (int sent = 0; sent < jar.length; ) {
                    boolean shown = await(seen);
                    int chunk = shown ? jar.length - sent : Math.min(128, jar.length - sent);
                    body.write(jar, sent, chunk);
                    body.flush();
                    sent += chunk;
                }
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/analytics-dashboard.jar";
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--log-level", "warn", "--batch", "-")) {
            prsm.send("prsm:install " + url);
            prsm.awaitStderr("Downloading " + url + ": ");
            seen.countDown();
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            assertTrue(prsm.stdout(), prsm.stdout().startsWith("analytics-dashboard"));
        } finally {
            seen.countDown();
            server.stop(0);
        }
    }

    /** The slow server's pace: a little wait for the event that ends its slowness. */
    private static boolean await(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(20, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Test
    public void taskThatIsNotJsonFailsWithAClearError() throws Exception {
        PrsmProcess prsm = PrsmProcess.batch(storage, plugins, "prsm:install " + analytics,
                "prsm:exec analytics-dashboard 'not json'");
        assertEquals(1, prsm.exitCode());
        assertTrue(prsm.stderr(), prsm.stderr().contains("The task is not valid JSON"));
        assertNoStackTrace(prsm);
    }

    @Test
    public void stoppedPluginStaysStoppedAcrossRestarts() throws Exception {
        assertEquals(0, PrsmProcess.batch(storage, plugins, "prsm:install " + analytics,
                "prsm:stop analytics-dashboard").exitCode());
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "prsm:list",
                "prsm:start analytics-dashboard", "prsm:exec analytics-dashboard '{\"type\":\"list_dashboards\"}'");
        assertEquals(restarted.stderr(), 0, restarted.exitCode());
        assertTrue(restarted.stdout(), restarted.stdout().contains("analytics  sandbox  stopped"));
        assertTrue(restarted.stdout(), restarted.stdout().contains("analytics-dashboard active"));
    }

    @Test
    public void hotDeployFolderInstallsDroppedJarsAndUninstallsRemovedOnes() throws Exception {
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            prsm.awaitStderr("Hot deploy: watching");
            Path dropped = plugins.resolve("analytics-dashboard.jar");
            Path partial = plugins.resolve("analytics-dashboard.part");
            Files.copy(Path.of(analytics), partial);
            Files.move(partial, dropped, StandardCopyOption.ATOMIC_MOVE);
            prsm.awaitStderr("Hot deploy: installed plugin 'analytics-dashboard'");
            Files.delete(dropped);
            prsm.awaitStderr("plugin 'analytics-dashboard' uninstalled");
            prsm.send("prsm:list");
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            assertTrue(prsm.stdout(), prsm.stdout().contains("No plugins installed"));
        }
    }

    @Test
    public void batchScriptSeesThePluginsOfTheHotDeployFolderFromItsFirstLine() throws Exception {
        Files.copy(Path.of(analytics), plugins.resolve("analytics-dashboard.jar"));
        PrsmProcess prsm = PrsmProcess.batch(storage, plugins,
                "prsm:exec analytics-dashboard '{\"type\":\"get_metrics\",\"config\":{\"types\":[\"plugins\"]}}'");
        assertEquals(prsm.stderr(), 0, prsm.exitCode());
        assertTrue(prsm.stdout(), prsm.stdout().contains("\"active\" : 1"));
    }

    /**
     * The watcher starts below the plugin start level: a plugin it installed before the framework
     * reached that level was refused as "stopped" on about half of the fresh starts (more often with
     * the HTTP API starting, as an operator runs it). Three fresh starts catch it.
     */
    @Test
    public void freshStartInstallsEveryPluginOfTheHotDeployFolder() throws Exception {
        for (int run = 0; run < 3; run++) {
            Path freshStorage = PrsmProcess.freshFolder("storage");
            Path folder = PrsmProcess.freshFolder("plugins");
            Files.copy(Path.of(analytics), folder.resolve("analytics-dashboard.jar"));
            Files.copy(Path.of(System.getProperty("prsm.sample.wordStats1")), folder.resolve("word-stats.jar"));
            PrsmProcess prsm = PrsmProcess.start("--storage", freshStorage.toString(), "--plugins", folder.toString(),
                    "--http-port", "0", "--batch", "-");
            prsm.closeInput();
            prsm.awaitExit();
            assertEquals(prsm.stderr(), 0, prsm.exitCode());
            assertFalse(prsm.stderr(), prsm.stderr().contains("was not installed"));
            assertTrue(prsm.stderr(), prsm.stderr().contains("Hot deploy: installed plugin 'analytics-dashboard'"));
            assertTrue(prsm.stderr(), prsm.stderr().contains("Hot deploy: installed plugin 'word-stats'"));
        }
    }

    @Test
    public void jarReplacedInTheHotDeployFolderHotSwapsItsPlugin() throws Exception {
        Path deployed = plugins.resolve("word-stats.jar");
        Files.copy(Path.of(System.getProperty("prsm.sample.wordStats1")), deployed);
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            prsm.awaitStderr("Hot deploy: installed plugin 'word-stats'");
            prsm.send("prsm:exec word-stats '{\"type\":\"count\",\"config\":{\"text\":\"the cat and the hat\"}}'");
            Path next = plugins.resolve("word-stats.jar.part");
            Files.copy(Path.of(System.getProperty("prsm.sample.wordStats2")), next);
            Files.move(next, deployed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prsm.awaitStderr("plugin 'word-stats' swapped from 1.0.0 to 2.0.0");
            prsm.send("prsm:exec word-stats '{\"type\":\"stats\"}'");
            prsm.send("prsm:list");
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            assertTrue(prsm.stdout(), prsm.stdout().contains("\"version\" : \"2.0.0\",\n    \"total_words\" : 5"));
            assertTrue(prsm.stdout(), prsm.stdout().contains("word-stats  2.0.0"));
        }
    }

    @Test
    public void restartAfterASwapKeepsTheNewVersionAndItsState() throws Exception {
        String v1 = System.getProperty("prsm.sample.wordStats1");
        String v2 = System.getProperty("prsm.sample.wordStats2");
        assertEquals(0, PrsmProcess.batch(storage, plugins, "prsm:install " + v1,
                "prsm:exec word-stats '{\"type\":\"count\",\"config\":{\"text\":\"one two three\"}}'",
                "prsm:swap word-stats " + v2).exitCode());
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "prsm:exec word-stats '{\"type\":\"stats\"}'");
        assertEquals(restarted.stderr(), 0, restarted.exitCode());
        assertTrue(restarted.stdout(), restarted.stdout().contains("\"version\" : \"2.0.0\",\n    \"total_words\" : 3"));
    }

    @Test
    public void killDashNineWhileTasksWriteLeavesTheLastCommittedDataIntact() throws Exception {
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            prsm.send("prsm:install " + System.getProperty("prsm.sample.wordStats1"));
            String task = "prsm:exec word-stats '{\"type\":\"count\",\"config\":{\"text\":\"alpha beta\"}}'";
            prsm.send(task);
            prsm.awaitStdout("\"counted\" : 2");
            for (int i = 0; i < 300; i++) {
                prsm.send(task);
            }
            prsm.awaitStdout("\"counted\" : 2");
            prsm.kill();
        }
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "prsm:list",
                "prsm:exec word-stats '{\"type\":\"stats\"}'");
        assertEquals(restarted.stderr(), 0, restarted.exitCode());
        assertTrue(restarted.stdout(), restarted.stdout().contains("word-stats  1.0.0    utility  isolated  active"));
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("\"total_words\" : (\\d+)")
                .matcher(restarted.stdout());
        assertTrue(restarted.stdout(), total.find());
        long words = Long.parseLong(total.group(1));
        assertTrue("every committed task counted two words: " + words, words >= 2 && words % 2 == 0 && words <= 602);
    }

    @Test
    public void sigtermStopsTheRuntimeCleanly() throws Exception {
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            prsm.send("prsm:install " + System.getProperty("prsm.sample.wordStats1"));
            prsm.awaitStdout("word-stats");
            prsm.terminate();
        }
        // the gatekeeper writes its scan verdicts only when it is stopped, which kill -9 never does
        try (java.util.stream.Stream<Path> files = Files.walk(storage.resolve("framework"))) {
            assertTrue("the framework was stopped, not killed",
                    files.anyMatch(file -> file.getFileName().toString().equals("scan-verdicts.json")));
        }
    }

    /** A runtime still starting (a plugin hangs in initialize) stops cleanly on SIGTERM too. */
    @Test
    public void sigtermWhileStartingStopsTheRuntimeCleanly() throws Exception {
        Files.copy(Path.of(System.getProperty("prsm.sample.hanging")), plugins.resolve("hanging-plugin.jar"));
        try (PrsmProcess prsm = PrsmProcess.start(List.of("-Dprsm.task.timeout=10m"), "--storage", storage.toString(),
                "--plugins", plugins.toString(), "--batch", "-")) {
            // the batch runs once the runtime has started, which the hanging plugin holds up
            prsm.send("prsm:list");
            prsm.awaitStderr("Hot deploy: watching");
            prsm.terminate();
            assertFalse("no command ran on a runtime that never finished starting", prsm.stdout().contains("PLUGIN"));
            assertFalse(prsm.stderr(), prsm.stderr().contains("rejected"));
            assertFalse("stopping is not a refusal: " + prsm.stderr(), prsm.stderr().contains("was not installed"));
            assertFalse(prsm.stderr(), prsm.stderr().contains("Exception"));
        }
        try (java.util.stream.Stream<Path> files = Files.walk(storage.resolve("framework"))) {
            assertTrue("the framework was stopped, not killed",
                    files.anyMatch(file -> file.getFileName().toString().equals("scan-verdicts.json")));
        }
    }

    @Test
    public void brokenJarInTheHotDeployFolderIsReportedAndIgnored() throws Exception {
        Files.writeString(plugins.resolve("broken.jar"), "this is not a jar");
        PrsmProcess prsm = PrsmProcess.batch(storage, plugins, "prsm:list");
        assertEquals(0, prsm.exitCode());
        assertTrue(prsm.stdout(), prsm.stdout().contains("No plugins installed"));
        // issue 18: the failed hot deploy is in the audit log, with the jar it was about
        String audit = Files.readString(storage.resolve("audit").resolve("audit.log"));
        assertTrue(audit, audit.lines().anyMatch(line -> line.contains("install " + plugins.resolve("broken.jar"))
                && line.contains("\"decision\":\"deny\"")));
    }

    /**
     * The prompt comes once the plugins folder has been installed and its plugins started or
     * refused: the first command sees the outcome, not plugins half-way (one hangs in initialize
     * until its timeout and is refused).
     */
    @Test
    public void interactiveShellComesUpOnceThePluginsFolderIsSettled() throws Exception {
        Files.copy(Path.of(System.getProperty("prsm.sample.analytics")), plugins.resolve("analytics-dashboard.jar"));
        Files.copy(Path.of(System.getProperty("prsm.sample.hanging")), plugins.resolve("hanging-plugin.jar"));
        try (PrsmProcess prsm = PrsmProcess.start(List.of("-Dprsm.task.timeout=3s"), "--storage", storage.toString(),
                "--plugins", plugins.toString())) {
            prsm.send("prsm:list");
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            assertTrue(prsm.stdout(), prsm.stdout().lines()
                    .anyMatch(line -> line.contains("analytics-dashboard") && line.strip().endsWith("active")));
            assertFalse("refused, not listed half-way: " + prsm.stdout(), prsm.stdout().contains("hanging-plugin"));
        }
    }

    @Test
    public void interactiveShellOffersHelpForPrsmCommands() throws Exception {
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString())) {
            prsm.send("help prsm:install");
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            assertTrue(prsm.stdout(), prsm.stdout().contains("install - Validate a plugin jar, install it and start it"));
        }
    }

    @Test
    public void secondRuntimeOnTheSameStorageIsRefused() throws Exception {
        try (PrsmProcess running = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--batch", "-")) {
            running.awaitStderr("Hot deploy: watching");
            PrsmProcess second = PrsmProcess.batch(storage, plugins, "prsm:list");
            assertEquals(1, second.exitCode());
            assertTrue(second.stderr(), second.stderr().contains("Another PRSM runtime is using the storage folder"));
            running.closeInput();
            assertEquals(0, running.awaitExit());
        }
    }

    @Test
    public void badCommandLineExitsTwoInOneLine() throws Exception {
        PrsmProcess bogus = PrsmProcess.start("--bogus");
        assertEquals(2, bogus.awaitExit());
        assertEquals("Unknown argument '--bogus'. Run java -jar prsm.jar --help to see the options.", bogus.stderr());

        PrsmProcess missing = PrsmProcess.start("--storage", storage.toString(), "--batch", storage + "/none.txt");
        assertEquals(2, missing.awaitExit());
        assertTrue(missing.stderr(), missing.stderr().contains("No batch file at"));
    }

    /** Issue 18: the version without starting anything. */
    @Test
    public void versionIsPrintedWithoutStarting() throws Exception {
        PrsmProcess version = PrsmProcess.start("--version");
        assertEquals(version.stderr(), 0, version.awaitExit());
        assertTrue(version.stdout(), version.stdout().matches("PRSM Runtime \\d+\\.\\d+\\.\\d+\\S*\\n"));
    }

    /** Issue 18: a taken port is one line and a non-zero exit, not pages of Jetty stack traces. */
    @Test
    public void portInUseIsOneLineAndExitOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                    "--http-port", String.valueOf(taken.getLocalPort()), "--batch", "-");
            prsm.closeInput();
            assertEquals(1, prsm.awaitExit());
            assertEquals("Port " + taken.getLocalPort() + " of 127.0.0.1 is in use (Address already in use). Stop what "
                    + "uses it, give another with --http-port N (0 for any free port), or run without HTTP with "
                    + "--http-port -1.", prsm.stderr());
        }
    }

    /** Issue 18: the banner names what an operator needs, the port picked for --http-port 0 included. */
    @Test
    public void bannerShowsVersionFoldersBoundUrlAndEnforcement() throws Exception {
        try (PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--http-port", "0")) {
            prsm.closeInput();
            assertEquals(prsm.stderr(), 0, prsm.awaitExit());
            String out = prsm.stdout();
            assertTrue(out, out.startsWith("PRSM Runtime "));
            assertTrue(out, out.contains("storage:  " + storage) && out.contains("plugins:  " + plugins));
            java.util.regex.Matcher url = java.util.regex.Pattern.compile("HTTP API: http://127\\.0\\.0\\.1:(\\d+)/")
                    .matcher(out);
            assertTrue(out, url.find() && Integer.parseInt(url.group(1)) > 0);
            assertTrue(out, out.contains("Console:  http://127.0.0.1:" + url.group(1) + "/console"));
            assertTrue(out, out.contains("security: gatekeeper enforcing the policy"));
            assertTrue(out, out.contains("Stopping the PRSM runtime (Ctrl-D)."));
        }
    }

    /** Issue 18: the log file in the storage folder has INFO and up; the console only warnings, without traces. */
    @Test
    public void logGoesToAFileInTheStorageFolderAndOnlyWarningsToTheConsole() throws Exception {
        PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(),
                "--log-level", "warn", "--batch", "-");
        prsm.send("prsm:install " + System.getProperty("prsm.sample.invalidVersion"));
        prsm.send("prsm:list");
        prsm.closeInput();
        assertEquals(1, prsm.awaitExit());
        assertFalse(prsm.stderr(), prsm.stderr().lines().anyMatch(line -> line.startsWith("INFO")));
        assertTrue(prsm.stderr(), prsm.stderr().contains("Field 'version': '1.0' is not a semantic version"));
        assertNoStackTrace(prsm);
        String log = Files.readString(storage.resolve("logs").resolve("prsm.log"));
        assertTrue(log, log.contains(" INFO  [prsm-hot-deploy] io.prsm.runtime.deploy.HotDeployWatcher - Hot deploy: "
                + "watching " + plugins));
    }
}
