package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: task {@code hold} makes a string of {@code mib} MiB (64 unless
 * told) with {@code String.repeat}, in JDK code where no array allocation is charged, and matches a
 * regular expression that backtracks for ever (some n^20 steps) against it, so the JDK's matcher keeps the
 * string, and the thread, for ever. Task {@code backtrack} only backtracks, on a short string. Task
 * {@code left} waits ({@code wait_ms}) until no {@code hold} or {@code backtrack} runs.
 */
@PrsmPlugin(id = "holds-memory-in-jdk-code", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack", memory = 32L << 20)
@Component(service = Plugin.class)
public final class HoldsMemoryInJdkCodePlugin implements Plugin {

    private static final Pattern BACKTRACKS = Pattern.compile("(.*a){20}");

    private final AtomicInteger running = new AtomicInteger();
    private volatile CountDownLatch allLeft = new CountDownLatch(0);

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("left")) {
            try {
                return PluginResponse.success(allLeft.await(task.getLong("wait_ms", 0), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PluginResponse.success(false);
            }
        }
        synchronized (this) {
            if (running.getAndIncrement() == 0) {
                allLeft = new CountDownLatch(1);
            }
        }
        try {
            int padding = task.type().equals("hold") ? (int) task.getLong("mib", 64) << 20 : 0;
            String text = "a".repeat(60) + "b" + "z".repeat(padding);
            return PluginResponse.success(BACKTRACKS.matcher(text).matches());
        } finally {
            synchronized (this) {
                if (running.decrementAndGet() == 0) {
                    allLeft.countDown();
                }
            }
        }
    }

    @Override
    public void shutdown() {
        // nothing held but the thread
    }
}
