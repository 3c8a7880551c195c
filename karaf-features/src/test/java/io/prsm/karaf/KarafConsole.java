package io.prsm.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Apache Karaf started with {@code bin/karaf} and driven through its local console, the way an
 * operator types into it. Each command is followed by an {@code echo} of a marker, so the answer
 * is known to be complete when the marker comes back: the console is read event by event.
 */
final class KarafConsole implements AutoCloseable {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final Process process;
    private final Path log;
    private final Writer input;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();
    private int commands;

    private KarafConsole(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String plain = ANSI.matcher(line).replaceAll("");
                    synchronized (transcript) {
                        transcript.append(plain).append('\n');
                    }
                    lines.add(plain);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "karaf-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code home/bin/karaf} with the JDK running the test; the console's transcript goes to {@code log}. */
    static KarafConsole start(Path home, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString()).directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("KARAF_DEBUG");
        // what docs/embedding.md tells an operator to do: load the entitlement agent with Karaf's JVM
        builder.environment().put("EXTRA_JAVA_OPTS", "-javaagent:" + System.getProperty("prsm.agent"));
        return new KarafConsole(builder.start(), log);
    }

    /** Types {@code command} and returns what the console printed until the command finished. */
    String run(String command, Duration timeout) throws IOException, InterruptedException {
        // the marker's two words print with one space between them, unlike the quoted words typed
        String marker = "@@ done-" + ++commands;
        input.write(command + "\n" + "echo \"@@\" \"done-" + commands + "\"\n");
        input.flush();
        List<String> answer = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("Karaf did not finish '" + command + "' within " + timeout.toSeconds()
                        + " s. Console so far:\n" + transcript());
            }
            if (line.contains(marker)) {
                return String.join("\n", answer);
            }
            answer.add(line);
        }
    }

    /**
     * Runs {@code command} until the console knows it: commands of features still being installed
     * are "not found" for a moment after the console starts. Each attempt waits for its answer.
     */
    String runOnceKnown(String command, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String answer = run(command, timeout);
            if (!answer.contains("Command not found")) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Karaf never knew '" + command + "'. Console:\n" + transcript());
            }
        }
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** Shuts Karaf down from its console and waits for it to exit. */
    @Override
    public void close() throws IOException {
        try {
            input.write("system:shutdown -f\n");
            input.close();
        } catch (IOException alreadyGone) {
            // Karaf exited on its own
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (log != null) {
            Files.writeString(log, transcript());
        }
    }
}
