package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
 * Hostile fixture, level sandbox: task {@code spin} never ends by itself. It swallows every
 * throwable, clears its interrupt and loops again, also from its {@code finally}; only the
 * containment checks woven into its code can stop it. Task {@code left} answers whether the
 * spinner has left its loop, waiting up to {@code wait_ms} for it.
 */
@PrsmPlugin(id = "spins-past-its-deadline", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsPastItsDeadlinePlugin implements Plugin {

    private final CountDownLatch left = new CountDownLatch(1);
    private volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        if (task.type().equals("left")) {
            try {
                return PluginResponse.success(left.await(task.getLong("wait_ms", 0), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PluginResponse.success(false);
            }
        }
        try {
            spin();
        } finally {
            left.countDown();
        }
        return PluginResponse.success("unreachable");
    }

    private void spin() {
        while (true) {
            try {
                while (true) {
                    turns++;
                }
            } catch (Throwable swallowed) {
                Thread.interrupted();
            } finally {
                for (int i = 0; i < 1000; i++) {
                    turns++;
                }
            }
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
