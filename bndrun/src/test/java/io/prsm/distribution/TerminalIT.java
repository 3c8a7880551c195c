package io.prsm.distribution;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

/**
 * Issue 18: a new operator's session in a real terminal. The system terminal is used (no dumb
 * fallback), TAB completes, the history survives a restart, Ctrl-C cancels a command and not the
 * runtime, a stray bracket is an error and never stops the framework; only Ctrl-D does, and says so.
 */
public class TerminalIT {

    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";
    /** The up arrow as a terminal in application cursor mode (which JLine sets) sends it. */
    private static final String UP = "\u001bOA";
    private static final String BRACKETED_PASTE_OFF = "\u001b[?2004l";

    @Test
    public void operatorSessionInARealTerminal() throws Exception {
        Path storage = PrsmProcess.freshFolder("terminal");
        Path plugins = PrsmProcess.freshFolder("terminal-plugins");
        String[] args = {"--storage", storage.toString(), "--plugins", plugins.toString(), "--http-port", "-1"};
        // the hanging plugin's initialize waits until the task timeout: long enough to press Ctrl-C; a
        // silent download is given up on while the shell still waits for a cancelled command to unwind
        try (PtySession terminal = PtySession.start(
                List.of("-Dprsm.task.timeout=60s", "-Dprsm.download.readTimeoutMillis=5000"), args)) {
            String banner = terminal.await("prsm> ");
            assertFalse(banner, banner.contains("dumb terminal"));
            assertTrue(banner, banner.contains("PRSM Runtime ") && banner.contains("storage:  " + storage));

            // each line is typed at a prompt: keys typed ahead are echoed by the pty before JLine reads them
            terminal.type("prsm:li\t");
            terminal.await("prsm:list ");
            terminal.type("\r");
            terminal.await("No plugins installed");
            terminal.await("prsm> ");

            terminal.type("prsm:install " + System.getProperty("prsm.sample.analytics") + "\r");
            terminal.await("analytics-dashboard");
            terminal.await("prsm> ");

            terminal.type("prsm:install " + System.getProperty("prsm.sample.hanging") + "\r");
            // JLine leaves raw mode once the line is read (bracketed paste off); a Ctrl-C that still
            // reaches the line editor only clears an empty prompt, so it is pressed until it cancels
            terminal.await(BRACKETED_PASTE_OFF);
            String cancelled = null;
            for (int press = 0; press < 5 && cancelled == null; press++) {
                terminal.type(CTRL_C);
                cancelled = terminal.awaitWithin("Cancelled (Ctrl-C).", 5);
            }
            assertTrue(terminal.all(), cancelled != null);
            terminal.await("prsm> ");

            // a download from a server that accepts and never answers, cancelled: the refusal is logged
            // on the cancelled command's thread, and the shell still shows what follows
            try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CountDownLatch accepted = new CountDownLatch(1);
                CountDownLatch givenUp = new CountDownLatch(1);
                Thread server = new Thread(() -> holdOpen(silent, accepted, givenUp), "silent-server");
                server.setDaemon(true);
                server.start();
                terminal.type("prsm:install http://127.0.0.1:" + silent.getLocalPort() + "/never.jar\r");
                assertTrue(terminal.all(), accepted.await(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS));
                terminal.type(CTRL_C);
                terminal.await("Cancelled (Ctrl-C).");
                terminal.await("prsm> ");
                // the download's refusal is logged once it gives up: the commands below run after that
                assertTrue(terminal.all(), givenUp.await(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS));
            }
            terminal.type("prsm:list\r");
            terminal.await("analytics-dashboard");
            terminal.await("prsm> ");

            terminal.type("prsm:list ]\r");
            terminal.await("The command line has an unmatched ']'");
            terminal.await("prsm> ");
            terminal.type("prsm:info analytics-\t");
            terminal.await("prsm:info analytics-dashboard ");
            terminal.type("\r");
            terminal.await("State:");
            terminal.await("prsm> ");

            // a line logged while a command is typed (a hot-deployed jar refused) goes above the prompt,
            // and the prompt and the typed text are drawn again below it
            terminal.type("prsm:info analytics");
            terminal.await("prsm:info analytics");
            Files.copy(Path.of(System.getProperty("prsm.sample.invalidVersion")), plugins.resolve("bad.jar"));
            String logged = terminal.await("was not installed");
            assertFalse(logged, logged.startsWith("ERROR") || logged.startsWith("WARN"));
            terminal.await("prsm> prsm:info analytics");
            terminal.type("-dashboard\r");
            terminal.await("Plugin:         analytics-dashboard");
            terminal.await("prsm> ");

            terminal.type(CTRL_D);
            terminal.await("Stopping the PRSM runtime (Ctrl-D).");
            assertEquals(terminal.all(), 0, terminal.awaitExit());
            assertFalse(terminal.all(), terminal.all().contains("gosh: stopping framework"));
        }
        // the hanging plugin may have been installed before Ctrl-C came: the restart refuses it quickly; INFO
        // lines on the console show the refusal a cancelled command's own thread logs
        String[] verbose = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--log-level", "info")).toArray(String[]::new);
        try (PtySession again = PtySession.start(List.of("-Dprsm.task.timeout=3s"), verbose)) {
            again.await("prsm> ");
            again.type(UP);
            again.await("prsm:info analytics-dashboard");
            again.type("\r");
            again.await("Plugin:         analytics-dashboard");
            again.await("prsm> ");

            // what the cancelled command's thread logs after Ctrl-C still reaches the terminal
            try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CountDownLatch accepted = new CountDownLatch(1);
                Thread server = new Thread(() -> holdOpen(silent, accepted, new CountDownLatch(1)), "silent-server");
                server.setDaemon(true);
                server.start();
                String url = "http://127.0.0.1:" + silent.getLocalPort() + "/never.jar";
                again.type("prsm:install " + url + "\r");
                assertTrue(again.all(), accepted.await(PrsmProcess.SAFETY_SECONDS, TimeUnit.SECONDS));
                again.type(CTRL_C);
                // the shell's answer and the cancelled command's log line come from two threads, in either order
                again.awaitEach("Cancelled (Ctrl-C).", "Denied install " + url);
                again.await("prsm> ");
            }
            again.type("stop\r");
            again.await("Stopping the PRSM runtime.");
            assertEquals(again.all(), 0, again.awaitExit());
        }
    }

    /** Accepts one connection and answers nothing until the client gives up. */
    private static void holdOpen(ServerSocket server, CountDownLatch accepted, CountDownLatch givenUp) {
        try (Socket client = server.accept()) {
            accepted.countDown();
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the client reset the connection, or the test closed the server
        } finally {
            givenUp.countDown();
        }
    }
}
