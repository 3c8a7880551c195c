package io.prsm.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar prsm.jar} in a real pseudo-terminal, as an operator's terminal runs it: util-linux
 * {@code script} gives the process a pty (120 columns) and relays the keys written here. The test
 * waits for what the terminal shows (an event), never for a time.
 */
final class PtySession implements AutoCloseable {

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder screen = new StringBuilder();
    private int mark;
    /** Whether the terminal closed: nothing more will show. */
    private boolean drained;

    private PtySession(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread reader = new Thread(() -> pump(process.getInputStream()), "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts prsm.jar with {@code jvmOptions} and {@code args} in a pty of its own. */
    static PtySession start(List<String> jvmOptions, String... args) throws IOException {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(jvmOptions);
        java.add("-jar");
        java.add(System.getProperty("prsm.jar"));
        java.addAll(List.of(args));
        StringBuilder command = new StringBuilder("stty cols 120 rows 40; exec");
        for (String word : java) {
            command.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec", command.toString(), "/dev/null");
        builder.environment().put("TERM", "xterm-256color");
        builder.redirectErrorStream(true);
        return new PtySession(builder.start());
    }

    /** Types {@code text}, control characters and escape sequences included. */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /**
     * Waits until the terminal shows {@code text} after what the last wait saw, and returns what it
     * showed up to there; a wait that fails names what the terminal showed instead.
     */
    String await(String text) throws InterruptedException {
        String shown = awaitWithin(text, PrsmProcess.SAFETY_SECONDS);
        if (shown == null) {
            throw new AssertionError("The terminal never showed '" + text + "'; it showed:\n" + all().substring(mark));
        }
        return shown;
    }

    /**
     * Waits until the terminal shows each of {@code texts} after what the last wait saw, in whatever
     * order they come (lines two threads print race each other), and moves past the last of them.
     */
    void awaitEach(String... texts) throws InterruptedException {
        synchronized (screen) {
            int end = awaitEnd(PrsmProcess.SAFETY_SECONDS, texts);
            if (end < 0) {
                String missing = Arrays.stream(texts).filter(text -> screen.indexOf(text, mark) < 0)
                        .findFirst().orElseThrow();
                throw new AssertionError("The terminal never showed '" + missing + "'; it showed:\n"
                        + screen.substring(mark));
            }
            mark = end;
        }
    }

    /** As {@link #await}, but gives up after {@code seconds} and returns null. */
    String awaitWithin(String text, long seconds) throws InterruptedException {
        synchronized (screen) {
            int end = awaitEnd(seconds, text);
            if (end < 0) {
                return null;
            }
            String shown = screen.substring(mark, end);
            mark = end;
            return shown;
        }
    }

    /**
     * Waits at most {@code seconds} until every one of {@code texts} shows after the mark; returns
     * where the last of them ends, or -1 if one never came (or the output ended without it).
     */
    private int awaitEnd(long seconds, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (screen) {
            while (true) {
                int end = endOfAll(texts);
                if (end >= 0) {
                    return end;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || drained) {
                    return -1;
                }
                screen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private int endOfAll(String... texts) {
        int end = mark;
        for (String text : texts) {
            int found = screen.indexOf(text, mark);
            if (found < 0) {
                return -1;
            }
            end = Math.max(end, found + text.length());
        }
        return end;
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("prsm.jar did not exit; the terminal showed:\n" + all());
        }
        return process.exitValue();
    }

    String all() {
        synchronized (screen) {
            return screen.toString();
        }
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                synchronized (screen) {
                    screen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    screen.notifyAll();
                }
            }
        } catch (IOException closed) {
            // the process ended
        } finally {
            synchronized (screen) {
                drained = true;
                screen.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }
}
