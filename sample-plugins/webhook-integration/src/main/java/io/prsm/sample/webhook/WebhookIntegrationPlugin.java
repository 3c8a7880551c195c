package io.prsm.sample.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prsm.api.ConfigurablePlugin;
import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;

/**
 * An integration: posts every {@code user_login}, {@code user_logout} and {@code message_sent}
 * hook it receives to a webhook URL as JSON ({@code hook}, {@code payload}, {@code publisher},
 * {@code time}). It opens network connections, so it runs at the trusted level: the operator must
 * trust it in {@code policy.json}.
 *
 * <p>Posting is asynchronous, so a slow receiver never holds up hook delivery. Tasks:
 * {@code status} (deliveries, failures, the last error) and {@code send_test} (posts a test event
 * and waits for the answer). Configuration: {@code webhook_url} (required), {@code timeout_ms}.
 *
 * <p>Concurrent semantics: thread-safe; the target is one volatile field, counters are atomic.
 */
@PrsmPlugin(id = "webhook-integration", version = "1.0.0", type = PluginType.INTEGRATION,
        level = SecurityLevel.TRUSTED, capabilities = { "webhook_delivery" }, memory = 33_554_432L, cpu = 0.1,
        storage = 65_536L)
@RequiresPermission("subscribe_user_login")
@RequiresPermission("subscribe_user_logout")
@RequiresPermission("subscribe_message_sent")
@Component(service = { Plugin.class, HookHandler.class }, property = {
        HookHandler.HOOKS + "=user_login", HookHandler.HOOKS + "=user_logout", HookHandler.HOOKS + "=message_sent" })
public final class WebhookIntegrationPlugin implements ConfigurablePlugin, HookHandler {

    @ObjectClassDefinition(pid = "prsm.plugin.webhook-integration", name = "Webhook Integration")
    @interface Settings {
        @AttributeDefinition(description = "The http or https URL events are posted to")
        String webhook__url();

        @AttributeDefinition(description = "How long one post may take, in milliseconds", min = "100", max = "60000")
        int timeout__ms() default 5000;
    }

    private record Target(URI url, Duration timeout) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Target target;

    @Override
    public void initialize(PluginConfig config) throws PluginException {
        reconfigure(config);
    }

    @Override
    public void reconfigure(PluginConfig config) throws PluginException {
        String url = config.get("webhook_url").orElseThrow(() -> new PluginException(
                "webhook_url is not set; set it with prsm:config webhook-integration webhook_url URL, in "
                        + "config/webhook-integration.json or with PRSM_WEBHOOK_INTEGRATION_WEBHOOK_URL"));
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException wrong) {
            throw new PluginException("webhook_url '" + url + "' is not a URL: " + wrong.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new PluginException("webhook_url must be an http or https URL with a host, not '" + url + "'");
        }
        target = new Target(uri, Duration.ofMillis(config.getInt("timeout_ms", 5000)));
    }

    @Override
    public void onHook(HookEvent event) throws JsonProcessingException {
        post(event.hook(), event.payload(), event.publisher(), event.time().toString());
    }

    private CompletableFuture<Integer> post(String hook, Map<String, Object> payload, String publisher, String time)
            throws JsonProcessingException {
        Target to = target;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hook", hook);
        body.put("payload", payload);
        body.put("publisher", publisher);
        body.put("time", time);
        HttpRequest request = HttpRequest.newBuilder(to.url()).timeout(to.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
                lastError.set(hook + ": " + failure.getClass().getSimpleName() + " " + failure.getMessage());
                return -1;
            }
            if (response.statusCode() >= 300) {
                failed.incrementAndGet();
                lastError.set(hook + ": the webhook answered " + response.statusCode());
            } else {
                delivered.incrementAndGet();
            }
            return response.statusCode();
        });
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return switch (task.type()) {
            case "status" -> PluginResponse.success(status());
            case "send_test" -> {
                try {
                    int status = post("test", Map.of("message", task.getString("message", "test from PRSM")),
                            "webhook-integration", java.time.Instant.now().toString()).get();
                    Map<String, Object> data = status();
                    data.put("status", status);
                    yield status >= 200 && status < 300 ? PluginResponse.success(data)
                            : PluginResponse.failure("The webhook did not accept the test event: " + lastError.get(),
                                    io.prsm.api.ErrorSeverity.MEDIUM, "WEBHOOK_REFUSED");
                } catch (IOException | java.util.concurrent.ExecutionException e) {
                    throw PluginException.retryable("The test event could not be sent: " + e.getMessage(),
                            "WEBHOOK_UNREACHABLE");
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new PluginException("Interrupted while sending the test event");
                }
            }
            default -> throw new InvalidTaskException("Unknown task type '" + task.type()
                    + "'; this plugin runs status and send_test");
        };
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("webhook_url", target.url().toString());
        status.put("delivered", delivered.get());
        status.put("failed", failed.get());
        status.put("last_error", lastError.get());
        return status;
    }

    @Override
    public void shutdown() {
        // posts in flight finish or time out on the client's own threads
    }
}
