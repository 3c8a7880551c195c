package io.prsm.sample.webhook;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.prsm.testing.PrsmHarness;

/** The trusted integration posts hooks to a real local HTTP server. */
public class WebhookIntegrationIT {

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final HttpServer receiver = startReceiver();

    @Rule
    public PrsmHarness prsm = PrsmHarness.forPlugin(Path.of(System.getProperty("plugin.jar")))
            .trusting("webhook-integration")
            .withConfigFile("webhook-integration", "{\"webhook_url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/events\"}");

    private HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ObjectMapper mapper = new ObjectMapper();
            server.createContext("/events", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    received.add(mapper.readTree(new String(body.readAllBytes(), StandardCharsets.UTF_8)));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @After
    public void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    public void postsEachHookItReceives() throws Exception {
        prsm.fireHook("user_login", Map.of("user_id", "u1"));
        JsonNode posted = received.poll(30, TimeUnit.SECONDS);
        assertEquals("user_login", posted.get("hook").asText());
        assertEquals("u1", posted.get("payload").get("user_id").asText());
        assertEquals("operator", posted.get("publisher").asText());
    }

    @Test
    public void aTestEventReportsTheReceiversAnswer() throws Exception {
        JsonNode answer = prsm.execute("send_test", Map.of("message", "hello"));
        assertTrue(answer.toString(), answer.get("success").asBoolean());
        assertEquals(204, answer.get("data").get("status").asInt());
        assertEquals("hello", received.poll(30, TimeUnit.SECONDS).get("payload").get("message").asText());
    }

    @Test
    public void anUnreachableWebhookIsCountedAndExplained() throws Exception {
        receiver.stop(0);
        JsonNode answer = prsm.execute("send_test", Map.of());
        assertFalse(answer.toString(), answer.get("success").asBoolean());
        JsonNode status = prsm.execute("status", Map.of()).get("data");
        assertEquals(1, status.get("failed").asInt());
        assertFalse(status.get("last_error").isNull());
    }

    @Test
    public void aUrlThatIsNotHttpIsRefusedAndTheOldOneKept() throws Exception {
        Exception refused = org.junit.Assert.assertThrows(Exception.class,
                () -> prsm.configure("webhook_url", "ftp://example.org/x"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("http or https"));
        assertTrue(prsm.execute("status", Map.of()).get("data").get("webhook_url").asText()
                .endsWith("/events"));
    }
}
