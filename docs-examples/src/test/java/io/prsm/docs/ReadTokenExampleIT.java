package io.prsm.docs;

import static org.junit.Assert.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

import io.prsm.runtime.embed.StorageFolders;

/**
 * Issue 21.3: docs/operations.md's {@code prsm_read} example, run as written against a runtime
 * started with the policy the document shows: the token reads (GET 200) but cannot act (POST 403).
 * The runtime listens on any free port, which the example is given as {@code PRSM} (it defaults to
 * 8080, as a reader's runtime does).
 */
public class ReadTokenExampleIT {

    private static final Pattern BOUND = Pattern.compile("HTTP API: (http://127\\.0\\.0\\.1:\\d+)/");

    @Test
    public void aReadTokenReadsButIsRefusedAnActAsTheRunbookShows() throws Exception {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        Document runbook = Document.read(checkout.resolve("docs/operations.md"));
        Path scratch = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage")).toAbsolutePath()
                .resolve("read-token");
        StorageFolders.delete(scratch);
        Path storage = Files.createDirectories(scratch.resolve("storage"));
        Files.writeString(storage.resolve("policy.json"), runbook.block("example: read-token-policy"));
        Process runtime = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", checkout.resolve("bndrun/target/prsm.jar").toString(), "--storage", storage.toString(),
                "--plugins", Files.createDirectories(scratch.resolve("plugins")).toString(), "--http-port", "0"))
                .redirectErrorStream(true).start();
        StringBuffer printed = new StringBuffer();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(runtime, printed, url), "read-token-runtime");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream shell = runtime.getOutputStream()) {
            String answers = Bash.run(scratch, runbook.block("example: read-token"), "", 1,
                    Map.of("PRSM", url.get(2, TimeUnit.MINUTES)));
            String missing = ShownOutput.missing(runbook.block("output: read-token"), answers);
            assertEquals("docs/operations.md shows a line the example does not print:\n" + answers, null, missing);
            shell.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } finally {
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Keeps what the runtime prints, and completes {@code url} with the address it binds. */
    private static void read(Process runtime, StringBuffer printed, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(runtime.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                printed.append(line).append('\n');
                Matcher bound = BOUND.matcher(line);
                if (bound.find()) {
                    url.complete(bound.group(1));
                }
            }
        } catch (IOException ended) {
            // the process ended
        }
        url.completeExceptionally(new AssertionError("prsm.jar printed no HTTP address:\n" + printed));
    }
}
