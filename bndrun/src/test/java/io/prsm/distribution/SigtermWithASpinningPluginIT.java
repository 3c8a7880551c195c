package io.prsm.distribution;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Issue 16: a runtime whose plugin spins on a thread of the plugin's own thread group (its
 * {@code initialize}, which never returns by itself) still ends promptly on SIGTERM: the stop of
 * the plugin stops the spinner, and nothing of the plugin's holds the JVM up.
 */
public class SigtermWithASpinningPluginIT {

    /** The drain time the runtime runs with: what a stop may wait for a plugin's code. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** Drain time plus the framework's own stop, with a loaded machine's margin; far below the 10 min timeout. */
    private static final Duration PROMPTLY = DRAIN.plusSeconds(20);

    @Test
    public void sigtermEndsTheRuntimeWhileAPluginsThreadSpins() throws Exception {
        Path storage = PrsmProcess.freshFolder("sigterm-spinning");
        Path plugins = PrsmProcess.freshFolder("sigterm-spinning-plugins");
        Files.copy(Path.of(System.getProperty("prsm.sample.hostileSpinsInInitialize")),
                plugins.resolve("spins-in-initialize.jar"));
        // a task timeout far beyond the test: only the stop that SIGTERM starts can end the spinner
        try (PrsmProcess prsm = PrsmProcess.start(List.of("-Dprsm.task.timeout=10m",
                "-Dprsm.task.drain=" + DRAIN.toSeconds() + "s", "-Dprsm.bytecode.scan=report"),
                "--storage", storage.toString(), "--plugins", plugins.toString(), "--batch", "-")) {
            String spinner = awaitSpinner(prsm);
            assertTrue("it spins on a thread of its own plugin: " + spinner,
                    spinner.startsWith("\"prsm-task-spins-in-initialize-"));
            assertTrue("the runtime ended within " + PROMPTLY.toSeconds() + " s of SIGTERM; stderr: " + prsm.stderr(),
                    prsm.terminateWithin(PROMPTLY));
        }
    }

    /**
     * Waits until a thread dump of the runtime shows the plugin's initialize running (the plugin
     * can tell no one: it may not print); returns that thread's header line. Each dump is the wait.
     */
    private static String awaitSpinner(PrsmProcess prsm) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(PrsmProcess.SAFETY_SECONDS);
        while (System.nanoTime() < until) {
            Process dump = new ProcessBuilder(jcmd, String.valueOf(prsm.pid()), "Thread.print").start();
            String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS);
            String header = null;
            for (String line : threads.lines().toList()) {
                if (line.startsWith("\"")) {
                    header = line;
                } else if (line.contains("SpinsInInitializePlugin.initialize") && header != null) {
                    return header;
                }
            }
        }
        throw new AssertionError("the plugin's initialize never ran; stderr: " + prsm.stderr());
    }
}
