package io.prsm.sample.hostile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.MaxThreads;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox, declaring at most 3 threads: task {@code flood} starts {@code count} threads named
 * {@code floods-threads-N}, each waiting for ever and swallowing its interrupts, and answers how
 * many it started and what stopped it.
 */
@MaxThreads(3)
@PrsmPlugin(id = "floods-threads", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class FloodsThreadsPlugin implements Plugin {

    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        long count = task.getLong("count", 10_000);
        Map<String, Object> result = new LinkedHashMap<>();
        int started = 0;
        try {
            for (; started < count; started++) {
                Thread thread = new Thread(this::waitForEver, "floods-threads-" + started);
                thread.setDaemon(true);
                thread.start();
            }
        } catch (RuntimeException refused) {
            result.put("refused", refused.getMessage());
        }
        result.put("started", started);
        return PluginResponse.success(result);
    }

    private void waitForEver() {
        while (true) {
            try {
                never.await();
            } catch (InterruptedException swallowed) {
                // and wait again
            }
        }
    }

    @Override
    public void shutdown() {
        // leaves its threads running
    }
}
