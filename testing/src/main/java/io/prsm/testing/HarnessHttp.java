package io.prsm.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The HTTP client of a {@link PluginHarness}: sends a request to the runtime's API and reads its
 * JSON answer, failing the test when the body is not JSON.
 *
 * <p>Concurrent semantics: thread-safe (the JDK's client is); the harness uses it from its test thread.
 */
final class HarnessHttp {

    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HarnessHttp(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code method uri} with {@code body} (JSON, or null for none) and the bearer {@code token}. */
    HttpAnswer request(String method, URI uri, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    HttpAnswer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String text = response.body();
        JsonNode json = text == null || text.isBlank() ? mapper.createObjectNode() : parse(text, response.statusCode());
        return new HttpAnswer(response.statusCode(), json);
    }

    private JsonNode parse(String text, int status) {
        try {
            return mapper.readTree(text);
        } catch (IOException notJson) {
            throw new AssertionError("The runtime answered " + status + " with a body that is not JSON: " + text);
        }
    }
}
