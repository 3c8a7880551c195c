package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * {@code java -jar prsm.jar validate|scan JAR}, as a plugin's CI step runs them: no runtime
 * running, the report on standard output, the exit code saying pass (0), refused (1) or unusable (2).
 */
public class JarCheckIT {

    private static final String ANALYTICS = System.getProperty("prsm.sample.analytics");

    /** The plain report of validate and scan is what docs/tutorial.md shows; TutorialIT checks it. */
    @Test
    public void aValidPluginPassesItsScanAndSaysSoInJson() throws Exception {
        Run scan = run("scan", ANALYTICS, "--json");
        assertEquals(scan.out + scan.err, 0, scan.code);
        assertTrue(scan.out, scan.out.strip().startsWith("{\"command\":\"scan\""));
        assertTrue(scan.out, scan.out.contains("\"level\":\"sandbox\",\"allowed\":true,\"problems\":[]"));
    }

    @Test
    public void anInvalidManifestFailsValidationWithTheReasons() throws Exception {
        Run validate = run("validate", System.getProperty("prsm.sample.invalidVersion"), "--json");
        assertEquals(validate.out + validate.err, 1, validate.code);
        assertTrue(validate.out, validate.out.contains("\"valid\":false"));
        assertTrue(validate.out, validate.out.contains("version"));
    }

    @Test
    public void codeTheLevelDoesNotAllowFailsTheScanNamingTheCall() throws Exception {
        Run scan = run("scan", System.getProperty("prsm.sample.hostileReadsAFile"));
        assertEquals(scan.out + scan.err, 1, scan.code);
        assertTrue(scan.out, scan.out.startsWith("REFUSED plugin "));
        assertTrue(scan.out, scan.out.contains("uses java.nio.file.Files.readString: file system access is not allowed"));
    }

    @Test
    public void aMissingJarOrAnUnknownOptionIsOneLineAndExitCodeTwo() throws Exception {
        Run missing = run("validate", "no-such-plugin.jar");
        assertEquals(2, missing.code);
        assertEquals(missing.err, 1, missing.err.strip().lines().count());
        assertTrue(missing.err, missing.err.contains("No file at"));

        Run unknown = run("scan", ANALYTICS, "--level", "root");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err, unknown.err.startsWith("Unknown level 'root'"));
    }

    record Run(int code, String out, String err) {
    }

    /** Runs prsm.jar with {@code args} and no runtime, as a CI step does (PublishIT too). */
    static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
                System.getProperty("prsm.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("prsm.jar " + String.join(" ", args) + " did not exit");
        }
        return new Run(process.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
