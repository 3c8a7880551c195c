package io.prsm.sample.hostile;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

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
 * Hostile fixture, level sandbox: hands endless loops of its own code to the JDK's common pool,
 * whose threads belong to no task and no plugin. Task {@code async} hands one loop over with
 * {@code CompletableFuture.runAsync} and answers at once; task {@code parallel} loops in every
 * element of a parallel stream, on its own thread and the pool's; task {@code turns} answers how
 * many turns the loops have made so far, and task {@code left} waits ({@code wait_ms}) until the
 * {@code async} loop has ended ({@link #PARALLEL_LEFT} tells when the {@code parallel} ones have).
 */
@PrsmPlugin(id = "spins-on-the-common-pool", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsOnTheCommonPoolPlugin implements Plugin {

    /**
     * Counted down when every loop started by task {@code parallel} has ended: static, so that a
     * test can read it through the class after the plugin has stopped.
     */
    public static final CountDownLatch PARALLEL_LEFT = new CountDownLatch(1);
    private static final AtomicInteger PARALLEL_RUNNING = new AtomicInteger();

    private final AtomicLong turns = new AtomicLong();
    private volatile CountDownLatch allLeft = new CountDownLatch(0);

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        switch (task.type()) {
            case "async":
                allLeft = new CountDownLatch(1);
                CompletableFuture.runAsync(this::spinOnce);
                return PluginResponse.success("handed to the common pool");
            case "parallel":
                IntStream.range(0, 16).parallel().forEach(i -> spinInParallel());
                return PluginResponse.success("unreachable");
            case "turns":
                return PluginResponse.success(turns.get());
            case "left":
                try {
                    return PluginResponse.success(allLeft.await(task.getLong("wait_ms", 0), TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return PluginResponse.success(false);
                }
            default:
                throw new PluginException("unknown task " + task.type());
        }
    }

    private void spinOnce() {
        try {
            spin();
        } finally {
            allLeft.countDown();
        }
    }

    private void spinInParallel() {
        PARALLEL_RUNNING.incrementAndGet();
        try {
            spin();
        } finally {
            if (PARALLEL_RUNNING.decrementAndGet() == 0) {
                PARALLEL_LEFT.countDown();
            }
        }
    }

    private void spin() {
        while (true) {
            try {
                while (true) {
                    turns.incrementAndGet();
                }
            } catch (Throwable swallowed) {
                // and again
            }
        }
    }

    @Override
    public void shutdown() {
        // leaves its loops running
    }
}
