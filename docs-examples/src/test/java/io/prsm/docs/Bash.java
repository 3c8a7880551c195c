package io.prsm.docs;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a document's shell block with bash, as a reader pastes it: {@code -euo pipefail}, this JVM's
 * {@code java} first on the path.
 *
 * <p>Concurrent semantics: stateless.
 */
final class Bash {

    private Bash() {
    }

    /**
     * Runs {@code script} in {@code folder} with {@code input} (if any) on its standard input; returns its
     * standard output (lines without trailing blanks) once it exits 0.
     */
    static String run(Path folder, String script, String input, long minutes, Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(folder.toFile());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!input.isEmpty()) {
            // the reader's typing; closing it afterwards is the reader's Ctrl-D
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<String> out = drained(process.getInputStream());
        CompletableFuture<String> err = drained(process.getErrorStream());
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the example did not finish within " + minutes + " minutes");
        }
        String printed = out.get();
        assertEquals("the example failed:\n" + printed + err.get(), 0, process.exitValue());
        return printed.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
    }

    /**
     * All of {@code stream}, read on a thread of its own: a reader on the common pool can wait behind
     * another that blocks for as long as its process runs (on 2 cores JDK 25's pool has one worker).
     */
    static CompletableFuture<String> drained(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(read(stream));
            } catch (RuntimeException failed) {
                text.completeExceptionally(failed);
            }
        }, "docs-example-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
