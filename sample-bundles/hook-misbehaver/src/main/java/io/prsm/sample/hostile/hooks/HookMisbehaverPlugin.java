package io.prsm.sample.hostile.hooks;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.RequiresPermission;
import io.prsm.api.hooks.HookEvent;
import io.prsm.api.hooks.HookHandler;
import io.prsm.api.hooks.HookPublisher;

/**
 * A test fixture that abuses hooks: its {@code user_login} handler blocks until the plugin shuts
 * down, its {@code message_sent} handler throws, and its {@code publish} task publishes
 * {@code user_login}, which it holds no permission for. Task {@code received} counts the hooks it
 * was handed.
 */
@PrsmPlugin(id = "hook-misbehaver", version = "1.0.0", type = PluginType.UTILITY, capabilities = { "misbehaving" })
@RequiresPermission("subscribe_user_login")
@RequiresPermission("subscribe_message_sent")
@Component(service = { Plugin.class, HookHandler.class }, property = {
        HookHandler.HOOKS + "=user_login", HookHandler.HOOKS + "=message_sent" })
public final class HookMisbehaverPlugin implements Plugin, HookHandler {

    private final HookPublisher publisher;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();

    @Activate
    public HookMisbehaverPlugin(@Reference HookPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void initialize(PluginConfig config) {
        // nothing to prepare
    }

    @Override
    public void onHook(HookEvent event) throws InterruptedException {
        received.incrementAndGet();
        if (event.hook().equals("user_login")) {
            shutdown.await();
        } else {
            throw new IllegalStateException("message_sent handler broken on purpose");
        }
    }

    @Override
    public PluginResponse execute(Task task) throws InvalidTaskException {
        return switch (task.type()) {
            case "received" -> PluginResponse.success(Map.of("received", received.get()));
            case "publish" -> {
                publisher.publish("user_login", Map.of("user_id", "forged"));
                yield PluginResponse.success(Map.of("published", true));
            }
            default -> throw new InvalidTaskException("Unknown task type '" + task.type() + "'");
        };
    }

    @Override
    public void shutdown() {
        shutdown.countDown();
    }
}
