package io.prsm.runtime.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class RemoteClientTest {

    /** A server that accepts the connection and never answers: the client gives up with one line. */
    @Test
    public void aRuntimeThatAcceptsButNeverAnswersFailsTheCommandWithOneLine() throws Exception {
        List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            RemoteClient client = new RemoteClient(base, "token", new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofSeconds(5), Duration.ofSeconds(1));
            boolean succeeded = client.run(new ScriptLines(new ByteArrayInputStream(
                    "list\n".getBytes(StandardCharsets.UTF_8))));
            assertFalse(succeeded);
            String error = err.toString(StandardCharsets.UTF_8);
            assertEquals(error, 1, error.lines().count());
            assertTrue(error, error.startsWith("Error on line 1 (list): the runtime at " + base
                    + " took the request but sent no answer within 1 s;"));
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        } finally {
            synchronized (held) {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
