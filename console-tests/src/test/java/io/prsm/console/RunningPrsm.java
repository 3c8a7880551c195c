package io.prsm.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code prsm.jar} started as the README starts it (an interactive shell on standard input), on
 * any free HTTP port: the lines it prints, commands sent to its shell, and a clean stop.
 *
 * <p>Concurrent semantics: one test thread drives it; a pump thread queues the printed lines.
 */
final class RunningPrsm implements AutoCloseable {

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer printed = new StringBuffer();
    private final String url;

    private RunningPrsm(Process process) throws IOException, InterruptedException {
        this.process = process;
        this.input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    printed.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "prsm-stdout");
        pump.setDaemon(true);
        pump.start();
        Matcher bound = Pattern.compile("HTTP API: (http://127\\.0\\.0\\.1:\\d+)/").matcher(
                awaitLine(line -> line.contains("HTTP API: ")));
        if (!bound.find()) {
            throw new IllegalStateException("prsm.jar printed no HTTP address:\n" + printed);
        }
        this.url = bound.group(1);
    }

    /** Starts {@code jar} with {@code plugins} as its hot-deploy folder and {@code storage} (holding policy.json). */
    static RunningPrsm start(Path jar, Path plugins, Path storage) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--plugins", plugins.toString(), "--storage", storage.toString(), "--http-port", "0"))
                .redirectErrorStream(true).directory(storage.toFile());
        return new RunningPrsm(builder.start());
    }

    /** The base URL of its HTTP port, such as {@code http://127.0.0.1:41234}. */
    String url() {
        return url;
    }

    /** Types {@code command} into its shell. */
    void send(String command) throws IOException {
        input.write(command + "\n");
        input.flush();
    }

    /** The next printed line that {@code wanted} accepts; fails after a minute with everything printed. */
    String awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("prsm.jar did not print the line waited for within a minute:\n" + printed);
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            send("stop");
            input.close();
        } catch (IOException gone) {
            // it ended already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A fresh, empty folder. */
    static Path fresh(Path folder) {
        try {
            if (Files.exists(folder)) {
                try (var walk = Files.walk(folder)) {
                    for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
