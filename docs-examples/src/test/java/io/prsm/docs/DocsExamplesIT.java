package io.prsm.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;

import io.prsm.runtime.embed.StorageFolders;

/**
 * The examples of docs/embedding.md, run as a reader runs them: the shell blocks with bash from a
 * folder laid out like a PRSM checkout after the build, the Java example saved under the name the
 * document gives it. What they print must be what the document says they print.
 */
public class DocsExamplesIT {

    private static final long PROCESS_MINUTES = 3;

    private Path checkout;
    private String document;
    private Path scratch;

    @Before
    public void layOut() throws IOException {
        checkout = Path.of(System.getProperty("prsm.checkout")).toAbsolutePath().normalize();
        document = Files.readString(checkout.resolve("docs/embedding.md"));
        scratch = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage")).toAbsolutePath()
                .resolve("docs-examples");
        StorageFolders.delete(scratch);
        Files.createDirectories(scratch.resolve("target"));
        for (String folder : List.of("bndrun", "sample-plugins", "sample-bundles")) {
            Files.createSymbolicLink(scratch.resolve(folder), checkout.resolve(folder));
        }
    }

    @Test
    public void ownProcessExamplePrintsWhatTheDocumentShows() throws Exception {
        assertEquals(block("output: own-process"), run(block("example: own-process")));
    }

    @Test
    public void javaExampleCompilesRunsAndPrintsWhatTheDocumentShows() throws Exception {
        String source = block("example: java");
        assertTrue("the example is the class the document says to save", source.contains("public class EmbeddedPrsm"));
        Files.writeString(scratch.resolve("EmbeddedPrsm.java"), source);
        assertEquals(block("output: java-run"), run(block("example: java-run")));
    }

    /** The fenced block after the marker {@code <!-- name -->}. */
    private String block(String name) {
        String marker = "<!-- " + name + " -->";
        int at = document.indexOf(marker);
        assertTrue("docs/embedding.md has no " + marker, at >= 0);
        int open = document.indexOf("```", at);
        int start = document.indexOf('\n', open) + 1;
        int close = document.indexOf("\n```", start);
        return document.substring(start, close).strip();
    }

    /** Runs {@code script} with bash in the scratch folder; returns its standard output once it exits 0. */
    private String run(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(scratch.toFile());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        assertTrue("the example did not finish within " + PROCESS_MINUTES + " minutes",
                process.waitFor(PROCESS_MINUTES, TimeUnit.MINUTES));
        String printed = out.get();
        assertEquals("the example failed:\n" + printed + err.get(), 0, process.exitValue());
        return printed.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
