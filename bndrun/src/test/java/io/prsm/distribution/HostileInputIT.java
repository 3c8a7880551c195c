package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;

import io.prsm.limits.fuzz.Bombs;
import io.prsm.limits.fuzz.Jars;

/**
 * Issue 17's cases, run against the distribution the way the issue's reporter ran them: archive
 * and manifest bombs, manifests the framework refuses, JSON over the limits, policy files that
 * are pipes, links and floods, bad start-up paths, a script that is not UTF-8. Each ends in a
 * one-line refusal; nothing prints a stack trace; what was installed is there after a restart.
 * The seeded fuzz runs are in {@link HostileInputFuzzIT}.
 */
public class HostileInputIT {

    private static final String SECRET = "root:$6$do-not-echo-this-hash";

    private final Path analytics = Path.of(System.getProperty("prsm.sample.analytics"));
    private Path storage;
    private Path plugins;
    private Path work;

    @Before
    public void freshFolders() throws Exception {
        storage = PrsmProcess.freshFolder("storage");
        plugins = PrsmProcess.freshFolder("plugins");
        work = PrsmProcess.freshFolder("hostile");
    }

    @Test
    public void theIssuesJarsJsonAndPolicyFilesEndInOneLineEachAndNothingIsLost() throws Exception {
        Map<String, byte[]> sample = Jars.entries(Files.readAllBytes(analytics));
        String manifest = new String(sample.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        Path bomb = write("bomb.jar", Bombs.jar(sample, "io/prsm/sample/analytics/Big.class", 1200L << 20, 1200L << 20));
        Path lyingBomb = write("lying.jar", Bombs.jar(sample, "io/prsm/sample/analytics/Big.class", 1200L << 20, 900));
        Map<String, byte[]> withoutManifest = new LinkedHashMap<>(sample);
        withoutManifest.remove("META-INF/MANIFEST.MF");
        Path manifestBomb = write("manifest-bomb.jar", Bombs.jar(withoutManifest, "META-INF/MANIFEST.MF", 1100L << 20,
                1100L << 20));
        Path twice = write("twice.jar", withManifest(sample, manifest.replace("\r\n\r\n",
                "\r\nBundle-SymbolicName: io.prsm.sample.analytics.dashboard\r\n\r\n")));
        Path version = write("version.jar", withManifest(sample, manifest.replaceFirst("Bundle-Version: [^\r\n]*",
                "Bundle-Version: 1.0.99999999999")));
        Map<String, byte[]> brokenNested = new LinkedHashMap<>(sample);
        brokenNested.put("lib/broken.jar", "not a jar".repeat(20).getBytes(StandardCharsets.UTF_8));
        Path nested = write("nested.jar", withManifest(brokenNested, manifest.replace("\r\n\r\n",
                "\r\nBundle-ClassPath: .,lib/broken.jar\r\n\r\n")));
        Path policy = storage.resolve("policy.json");
        assertEquals(0, new ProcessBuilder("mkfifo", policy.toString()).start().waitFor());

        try (PrsmProcess prsm = PrsmProcess.start(List.of("-Dprsm.json.maxStringLength=1m"), "--storage",
                storage.toString(), "--plugins", plugins.toString(), "--batch", "-")) {
            prsm.send("prsm:install " + analytics);
            prsm.awaitStdout("analytics-dashboard");
            assertRefused(prsm, 2, "prsm:validate " + bomb, "Entry io/prsm/sample/analytics/Big.class declares 1258291200 "
                    + "bytes, more than 16 MiB (prsm.jar.maxClassBytes)");
            assertRefused(prsm, 3, "prsm:install " + lyingBomb, "Entry io/prsm/sample/analytics/Big.class inflates to more "
                    + "than 16 MiB (prsm.jar.maxClassBytes)");
            assertRefused(prsm, 4, "prsm:validate " + manifestBomb, "Entry META-INF/MANIFEST.MF declares 1153433600 bytes, "
                    + "more than 1 MiB (prsm.jar.maxManifestBytes)");
            assertRefused(prsm, 5, "prsm:validate " + twice, "The manifest's header Bundle-SymbolicName appears twice");
            assertRefused(prsm, 6, "prsm:install " + version, "Bundle-Version '1.0.99999999999' is not an OSGi version");
            assertRefused(prsm, 7, "prsm:install " + nested, "Bundle-ClassPath names lib/broken.jar, which is not a valid jar");
            assertRefused(prsm, 8, "prsm:exec analytics-dashboard '" + "[".repeat(2000) + "]".repeat(2000) + "'",
                    "The task is refused: it is nested deeper than 100 levels (prsm.json.maxDepth)");
            assertRefused(prsm, 9, "prsm:exec analytics-dashboard '{\"type\":\"get_metrics\",\"config\":{\"n\":"
                    + "9".repeat(5000) + "}}'", "has a number longer than 100 characters (prsm.json.maxNumberLength)");
            assertRefused(prsm, 10, "prsm:exec analytics-dashboard '{\"type\":\"x\",\"config\":{\"s\":\""
                    + "x".repeat(2 << 20) + "\"}}'", "has a string longer than 1048576 characters (prsm.json.maxStringLength)");
            assertRefused(prsm, 11, "prsm:policy reload", "is not a regular file (a named pipe, socket or device)");

            Files.delete(policy);
            Path secret = write("shadow", (SECRET + "\n").getBytes(StandardCharsets.UTF_8));
            Files.createSymbolicLink(policy, secret);
            assertRefused(prsm, 12, "prsm:policy reload", "is a link to " + secret.toRealPath() + ", outside");
            Files.delete(policy);
            Files.createSymbolicLink(policy, Path.of("/dev/zero"));
            assertRefused(prsm, 13, "prsm:policy reload", "is a link to /dev/zero, outside");
            Files.delete(policy);
            Files.writeString(policy, "{\"tokens\": {" + "\"t\": {\"token\": \"0123456789abcdef0\"},".repeat(30_000)
                    + "\"last\": {}}}");
            assertRefused(prsm, 14, "prsm:policy reload", "larger than 1 MiB (prsm.policy.maxBytes)");
            Files.writeString(policy, "{\"tokens\": " + SECRET + "}");
            assertRefused(prsm, 15, "prsm:policy reload", "policy.json is not valid JSON: Unrecognized token (line 1, "
                    + "column 17).");
            Files.delete(policy);

            prsm.sendBytes(new byte[] { 'p', 'r', 's', 'm', ':', 'l', 'i', 's', 't', ' ', (byte) 0xc3, (byte) 0x28, '\n' });
            prsm.awaitStderr("Error on line 16: the line is not UTF-8 text (byte 0xC3 at byte 11); save the script as "
                    + "UTF-8; it was not run.");
            prsm.send("prsm:list");
            prsm.awaitStdout("analytics-dashboard  1.0.0    analytics  sandbox  active");
            prsm.closeInput();
            assertEquals(prsm.stderr(), 1, prsm.awaitExit());
            assertNoStackTrace(prsm);
            assertFalse("the linked file is never quoted", (prsm.stderr() + prsm.stdout()).contains("do-not-echo"));
        }
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "prsm:list");
        assertEquals(restarted.stderr(), 0, restarted.exitCode());
        assertTrue(restarted.stdout(), restarted.stdout().contains("analytics-dashboard  1.0.0    analytics  sandbox  active"));
        assertEquals("nothing else was installed", 2, restarted.stdout().lines().count());
    }

    @Test
    public void eachBadStartUpPathOrLimitIsOneLineAndANonZeroExit() throws Exception {
        Path file = write("a-file", new byte[] { 1 });
        assertOneLineExit(2, file + " is a file, not a folder; give a folder (it is created if missing).",
                List.of(), "--storage", file.toString());
        assertOneLineExit(2, file + " is a file, not a folder", List.of(), "--storage", storage.toString(), "--plugins",
                file.toString());
        assertOneLineExit(2, "cannot be created: " + file + " is a file, not a folder.", List.of(), "--storage",
                file.resolve("sub").toString());
        assertOneLineExit(2, "is a folder; give a file of commands, or - for standard input", List.of(), "--storage",
                storage.toString(), "--batch", work.toString());
        assertOneLineExit(1, "The runtime could not start: prsm.jar.maxEntries must be a whole number, not 'lots'",
                List.of("-Dprsm.jar.maxEntries=lots"), "--storage", storage.toString(), "--batch", "-");
        // issue 17: a bad task setting failed the plugin manager's activation with a stack trace and a 60 s wait
        assertOneLineExit(1, "The runtime could not start: prsm.task.timeout must be a positive duration such as 30s, "
                + "500ms, 50us or 2m, not 'abc'", List.of("-Dprsm.task.timeout=abc"), "--storage", storage.toString(),
                "--batch", "-");
        assertOneLineExit(1, "The runtime could not start: prsm.task.concurrency must be a whole number of at least 1, "
                + "not '0'", List.of("-Dprsm.task.concurrency=0"), "--storage", storage.toString(), "--batch", "-");
        assertOneLineExit(1, "The runtime could not start: prsm.http.headerTimeout must be a positive duration such as "
                + "10s, 500ms or 2m, not '-5s'", List.of("-Dprsm.http.headerTimeout=-5s"), "--storage",
                storage.toString(), "--batch", "-");
    }

    @Test
    public void aJarInstalledAroundThePluginManagerIsReadWithinTheLimitsAndUninstalledIfOver() throws Exception {
        // issue 17: felix:install hands a jar to the framework without the plugin manager's inspection
        Map<String, byte[]> library = new LinkedHashMap<>();
        library.put("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
                + "Bundle-SymbolicName: x.library.bomb\r\nBundle-Version: 1.0.0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        Path bomb = write("library-bomb.jar", Bombs.jar(library, "x/Big.class", 64L << 20, 64L << 20));
        PrsmProcess prsm = PrsmProcess.batch(storage, plugins, "felix:install " + bomb.toUri(),
                "prsm:install " + analytics, "prsm:audit 5");
        assertEquals(prsm.stderr(), 0, prsm.exitCode());
        assertTrue(prsm.stdout(), prsm.stdout().contains("DENY   limits  x.library.bomb"));
        assertTrue(prsm.stdout(), prsm.stdout().contains("Entry x/Big.class inflates to more than 16 MiB "
                + "(prsm.jar.maxClassBytes)"));
        assertNoStackTrace(prsm);
        PrsmProcess restarted = PrsmProcess.batch(storage, plugins, "lb -s", "prsm:list");
        assertEquals(restarted.stderr(), 0, restarted.exitCode());
        assertFalse("the bomb was uninstalled: " + restarted.stdout(), restarted.stdout().contains("x.library.bomb"));
        assertTrue(restarted.stdout(), restarted.stdout().contains("analytics-dashboard  1.0.0"));
    }

    @Test
    public void aScriptLineThatIsNotUtf8FailsThatLineAndTheScriptGoesOn() throws Exception {
        Path script = work.resolve("script.txt");
        Files.write(script, new byte[] { 'p', 'r', 's', 'm', ':', 'l', 'i', 's', 't', '\n', (byte) 0xff, (byte) 0xfe, '\n',
            'p', 'r', 's', 'm', ':', 'l', 'i', 's', 't', '\n' });
        PrsmProcess prsm = PrsmProcess.start("--storage", storage.toString(), "--plugins", plugins.toString(), "--batch",
                script.toString());
        assertEquals(1, prsm.awaitExit());
        assertEquals(prsm.stdout(), 2, prsm.stdout().lines().filter(line -> line.startsWith("No plugins installed")).count());
        assertTrue(prsm.stderr(), prsm.stderr().contains("Error on line 2: the line is not UTF-8 text (byte 0xFF at byte "
                + "1); save the script as UTF-8; it was not run."));
        assertNoStackTrace(prsm);
    }

    private void assertOneLineExit(int code, String says, List<String> jvm, String... args) throws Exception {
        PrsmProcess prsm = PrsmProcess.start(jvm, args);
        prsm.closeInput();
        assertEquals(prsm.stderr(), code, prsm.awaitExit());
        // the JVM's own warnings (JDK 24+ about sun.misc.Unsafe) are not the runtime's output
        List<String> lines = prsm.stderr().lines().filter(line -> !line.startsWith("WARNING: ")).toList();
        assertEquals(prsm.stderr(), 1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains(says));
    }

    /** Sends {@code command} as script line {@code line} and waits for its one-line refusal. */
    private static void assertRefused(PrsmProcess prsm, int line, String command, String says) throws Exception {
        prsm.send(command);
        String error = prsm.awaitStderr("Error on line " + line + " (");
        assertTrue("one line, not the input: " + error.length(), error.length() < 800);
        if (!error.contains(says)) {
            // a validation report: the line names the jar, each problem follows on a line of its own
            String problem = prsm.awaitStderr(says);
            assertTrue(problem, problem.startsWith("  - ") && problem.length() < 800);
        }
    }

    static void assertNoStackTrace(PrsmProcess prsm) {
        for (String output : List.of(prsm.stderr(), prsm.stdout())) {
            assertFalse(output, output.contains("\tat ") || output.contains("Exception in thread")
                    || output.contains("Caused by:") || output.contains("ERROR in bundle"));
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(work.resolve(name), content);
    }

    private static byte[] withManifest(Map<String, byte[]> entries, String manifest) {
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        changed.put("META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8));
        return Jars.write(changed);
    }
}
