package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
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
 * Issue 20: the curl examples of the marketplace's HTTP routes in
 * docs/marketplace.md and docs/operations.md, run as written against what they assume: a runtime
 * whose API is at {@code $PRSM}, an admin token in {@code $OPS}, and a repository folder (the market
 * samples, published with {@code java -jar prsm.jar publish}) served over HTTP at {@code $REPO} by
 * a static web server (Python's). What they print must be what the documents show.
 */
public class MarketplaceDocsIT {

    private static final String TOKEN = "docs-ops-token-0123456789";
    private static final long MINUTES = 3;

    @Test
    public void marketplaceCurlExamplesPrintWhatTheDocumentsShow() throws Exception {
        Path checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        Path scratch = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage")).toAbsolutePath()
                .resolve("marketplace-docs");
        StorageFolders.delete(scratch);
        Files.createDirectories(scratch.resolve("storage"));
        for (String folder : List.of("bndrun", "sample-bundles")) {
            Files.createSymbolicLink(scratch.resolve(folder), checkout.resolve(folder));
        }
        // the document's own block publishes the samples, into the folder the static server serves
        String publish = Document.read(checkout.resolve("docs/marketplace.md")).block("example: publish-samples");
        assertTrue("the publish block names the folder it fills", publish.contains("/srv/prsm-repository"));
        Bash.run(scratch, publish.replace("/srv/prsm-repository", "served/repository"), "", MINUTES, Map.of());
        assertTrue("the samples were published", Files.isRegularFile(scratch.resolve("served/repository/index.xml")));
        // the sandbox shouter uses the shout-text library, which the default policy does not let it wire
        Files.writeString(scratch.resolve("storage/policy.json"), "{\"tokens\": {\"ops\": {\"token\": \"" + TOKEN
                + "\", \"permissions\": [\"prsm_admin\"]}}, \"levels\": {\"sandbox\": {\"packages\": [\"io.prsm.api.*\", "
                + "\"com.fasterxml.jackson.*\", \"org.slf4j.*\", \"io.prsm.sample.market.text\"]}}}");
        Process server = start(scratch, "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                "--directory", "served");
        Process runtime = start(scratch, "java", "-jar", "bndrun/target/prsm.jar", "--storage", "storage", "--plugins",
                "storage/plugins", "--http-port", "0");
        try {
            String repository = "http://127.0.0.1:" + awaitLine(server, "port (\\d+)") + "/repository";
            String api = awaitLine(runtime, "HTTP API: (http://127\\.0\\.0\\.1:\\d+)/");
            Map<String, String> environment = Map.of("PRSM", api, "OPS", TOKEN, "REPO", repository);
            for (String name : List.of("marketplace.md", "operations.md")) {
                Document document = Document.read(checkout.resolve("docs").resolve(name));
                String printed = Bash.run(scratch, document.block("example: marketplace-http"), "", MINUTES,
                        environment);
                assertEquals("docs/" + name + " shows a line its example does not print:\n" + printed, null,
                        ShownOutput.missing(document.block("output: marketplace-http"), printed));
            }
        } finally {
            try (OutputStream stdin = runtime.getOutputStream()) {
                stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
            }
            if (!runtime.waitFor(1, TimeUnit.MINUTES)) {
                runtime.destroyForcibly();
            }
            server.destroyForcibly();
        }
    }

    private static Process start(Path folder, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        return builder.start();
    }

    /** The first group of the first output line of {@code process} that matches; the rest is drained. */
    private static String awaitLine(Process process, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.append(line).append('\n');
                    Matcher matcher = pattern.matcher(line);
                    if (matcher.find()) {
                        found.complete(matcher.group(1));
                    }
                }
            } catch (java.io.IOException closed) {
                // the process is gone
            }
            found.completeExceptionally(new AssertionError("no line matched " + regex + " in:\n" + seen));
        }, "docs-example-output");
        reader.setDaemon(true);
        reader.start();
        String group = found.get(MINUTES, TimeUnit.MINUTES);
        assertTrue(group, !group.isEmpty());
        return group;
    }
}
