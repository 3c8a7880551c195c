package io.prsm.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar prsm.jar} run as an operator runs it, with the JDK running the tests. Standard
 * output is collected; standard error is read line by line as it comes, so a test can wait for a
 * log line (an event) instead of sleeping.
 */
final class PrsmProcess implements AutoCloseable {

    /** Bounds a broken test; a passing one never waits this long. */
    static final long SAFETY_SECONDS = 60;

    private final Process process;
    private final Writer stdin;
    private final StringBuilder stdout = new StringBuilder();
    private final List<String> stderr = new ArrayList<>();
    private final LinkedBlockingQueue<String> stderrLines = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final Thread outReader;
    private final Thread errReader;

    private PrsmProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.outReader = pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                line -> {
                    synchronized (stdout) {
                        stdout.append(line).append('\n');
                    }
                    stdoutLines.add(line);
                });
        this.errReader = pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                line -> {
                    synchronized (stderr) {
                        stderr.add(line);
                    }
                    stderrLines.add(line);
                });
    }

    static PrsmProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Starts prsm.jar with {@code jvmOptions} (such as {@code -Dprsm.task.timeout=10m}) before {@code -jar}. */
    static PrsmProcess start(List<String> jvmOptions, String... args) throws IOException {
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.add("-jar");
        launch.add(System.getProperty("prsm.jar"));
        return launch(launch, args);
    }

    /**
     * Starts prsm.jar's launcher as an embedder without the agent would: on the class path (so the
     * JVM ignores its {@code Launcher-Agent-Class}) and with attaching turned off (so the launcher
     * cannot attach it either).
     */
    static PrsmProcess startWithoutAgent(String... args) throws IOException {
        String main;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(System.getProperty("prsm.jar"))) {
            main = jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
        return launch(List.of("-XX:+DisableAttachMechanism", "-cp", System.getProperty("prsm.jar"), main), args);
    }

    private static PrsmProcess launch(List<String> launch, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of(args));
        if (!command.contains("--http-port")) {
            // the runs reach the runtime through its shell; HTTP would only contend for a port
            command.addAll(List.of("--http-port", "-1"));
        }
        if (!command.contains("--log-level")) {
            // the tests wait for the runtime's INFO lines (an event) on standard error
            command.addAll(List.of("--log-level", "info"));
        }
        return new PrsmProcess(new ProcessBuilder(command).start());
    }

    /** Runs {@code commands} with {@code --batch -} on {@code storage} and waits for the exit. */
    static PrsmProcess batch(Path storage, Path plugins, String... commands) throws Exception {
        PrsmProcess prsm = start("--storage", storage.toString(), "--plugins", plugins.toString(), "--batch", "-");
        for (String command : commands) {
            prsm.send(command);
        }
        prsm.closeInput();
        prsm.awaitExit();
        return prsm;
    }

    static Path freshFolder(String name) throws IOException {
        Path root = Path.of(System.getProperty("prsm.itest.storage", "target/itest-storage"));
        Files.createDirectories(root);
        return Files.createTempDirectory(root, name + "-");
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Sends {@code bytes} as they are, for a line that is not UTF-8. */
    void sendBytes(byte[] bytes) throws IOException {
        stdin.flush();
        process.getOutputStream().write(bytes);
        process.getOutputStream().flush();
    }

    void closeInput() throws IOException {
        stdin.close();
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(SAFETY_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("prsm.jar did not exit; stderr: " + stderr());
        }
        outReader.join();
        errReader.join();
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    String stderr() {
        synchronized (stderr) {
            // the agent defines its bridge without touching the boot class path: the JVM prints nothing about class sharing
            return String.join("\n", stderr);
        }
    }

    /** Waits until standard error shows a line containing {@code text}; returns that line. */
    String awaitStderr(String text) throws InterruptedException {
        return await(stderrLines, text, "stderr");
    }

    /** Waits until standard output shows a line containing {@code text}; returns that line. */
    String awaitStdout(String text) throws InterruptedException {
        return await(stdoutLines, text, "stdout");
    }

    /** Sends SIGTERM, as an init system or Ctrl-C does, and waits for the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /**
     * Sends SIGTERM and waits at most {@code bound} for the process to end; returns whether it did.
     * A process still running then is killed, so a failing test leaves nothing behind.
     */
    boolean terminateWithin(java.time.Duration bound) throws InterruptedException {
        process.destroy();
        if (process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    /** The process id, for the JDK's diagnostic tools. */
    long pid() {
        return process.pid();
    }

    /** Kills the process as {@code kill -9} does: no shutdown hook, no clean stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(SAFETY_SECONDS, TimeUnit.SECONDS);
    }

    private String await(LinkedBlockingQueue<String> lines, String text, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("No line with '" + text + "' on " + stream + "; stderr: " + stderr());
            }
            if (line.contains(text)) {
                return line;
            }
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    private static Thread pump(BufferedReader reader, java.util.function.Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "prsm-process-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
