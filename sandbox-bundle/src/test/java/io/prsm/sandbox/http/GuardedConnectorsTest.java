package io.prsm.sandbox.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.prsm.sandbox.audit.AuditEvent;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The guarded connector on a real Jetty 11, put in place as Felix HTTP Jetty does with a
 * connector factory's answer: a client that dribbles its headers is closed, one that sends whole
 * requests is served. The dribbling client paces itself with its read timeout, never a sleep.
 */
public class GuardedConnectorsTest {

    private static final Duration DEADLINE = Duration.ofMillis(1500);
    /** Bytes a dribbling client sends, one per pause, before the test calls it never cut off (well past the deadline). */
    private static final int DRIBBLE_BYTES = 40;
    private static final int PAUSE_MS = 250;

    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private Server server;
    private ServerConnector plain;
    private int plainPort;
    private ServerConnector guarded;

    @Before
    public void startJettyAsFelixDoes() throws Exception {
        start(DEADLINE, 100);
    }

    private void start(Duration headerTimeout, int maxConnections) throws Exception {
        server = new Server();
        // one acceptor, as Jetty picks for Felix HTTP Jetty's default on a small machine
        plain = new ServerConnector(server, 1, 1);
        plain.setHost("127.0.0.1");
        plain.setPort(0);
        server.addConnector(plain);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                response.setStatus(200);
                response.setContentLength(2);
                response.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
            }
        });
        server.start();
        plainPort = plain.getLocalPort();
        Connector connector = new GuardedConnectors(headerTimeout, maxConnections, audited::add).createConnector(server);
        server.addConnector(connector);
        connector.start();
        guarded = (ServerConnector) connector;
    }

    @After
    public void stopJetty() throws Exception {
        server.stop();
    }

    @Test
    public void theGuardedConnectorSharesThePlainOnesSocketAndBothCarryTheGuard() throws Exception {
        assertEquals(plainPort, guarded.getLocalPort());
        assertEquals("127.0.0.1", guarded.getHost());
        assertEquals(plain.getTransport(), guarded.getTransport());
        assertTrue(guarded.isAccepting());
        assertEquals(plain.getBean(HeaderDeadline.class), guarded.getBean(HeaderDeadline.class));
        assertTrue(plain.getBean(HeaderDeadline.class) != null && plain.getBean(ConnectionLimit.class) != null);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get().statusCode());
        }
    }

    @Test
    public void aClientThatDribblesItsHeadersIsCutOffAndAuditedWhileOthersAreServed() throws Exception {
        try (Socket slow = connect()) {
            slow.getOutputStream().write("GET /api/v1/plugins HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, get().statusCode());
            assertEquals("closed", dribble(slow));
        }
        assertEquals(200, get().statusCode());
        assertEquals(1, audited.size());
        AuditEvent event = audited.get(0);
        assertTrue(event.request(), event.request().equals("connection from 127.0.0.1"));
        assertTrue(event.reason(), event.reason().contains("prsm.http.headerTimeout") && !event.allowed());
    }

    @Test
    public void aKeptAliveConnectionHasTheSameTimeForEachRequestsHeaders() throws Exception {
        try (Socket client = connect()) {
            OutputStream out = client.getOutputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(answer(client).startsWith("HTTP/1.1 200"));
            }
            out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("closed", dribble(client));
        }
    }

    @Test
    public void pastTheConnectionCapANewClientWaitsUntilAnotherCloses() throws Exception {
        server.stop();
        // a deadline long enough that it closes neither connection during the test
        start(Duration.ofMinutes(5), 2);
        Socket first = connect();
        try (Socket second = connect()) {
            for (Socket client : List.of(first, second)) {
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(answer(client).startsWith("HTTP/1.1 200"));
            }
            assertEquals(2, guarded.getBean(ConnectionLimit.class).getConnections());
            assertFalse("two open connections: the cap is reached", guarded.isAccepting() || plain.isAccepting());
            CompletableFuture<HttpResponse<String>> third = HttpClient.newHttpClient().sendAsync(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + guarded.getLocalPort() + "/"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            first.close();
            assertEquals(200, third.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    private Socket connect() throws IOException {
        return new Socket("127.0.0.1", guarded.getLocalPort());
    }

    private HttpResponse<String> get() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + guarded.getLocalPort() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a header byte per pause until the server closes the connection: "closed", or "never cut off". */
    private static String dribble(Socket socket) throws IOException {
        socket.setSoTimeout(PAUSE_MS);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < DRIBBLE_BYTES; i++) {
            try {
                out.write('X');
                out.flush();
                if (in.read() == -1) {
                    return "closed";
                }
                return "answered before its headers were complete";
            } catch (SocketTimeoutException paced) {
                // the client's pause between two bytes: nothing from the server yet
            } catch (IOException reset) {
                return "closed";
            }
        }
        return "never cut off";
    }

    /** Reads one answer whose body is "ok". */
    private static String answer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().endsWith("\r\n\r\nok")) {
            int next = in.read();
            if (next == -1) {
                break;
            }
            answer.append((char) next);
        }
        return answer.toString();
    }
}
