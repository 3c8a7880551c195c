package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture, level sandbox: {@code initialize} never returns by itself. It swallows every
 * throwable, clears its interrupt and loops again, also from its {@code finally}; only the
 * containment checks woven into its code can stop it. Before it spins it notes the thread it was
 * given ({@link #spunOn}), and its latch {@link #LEFT} says when the loop has ended; both are
 * static, read by the tests through the bundle's class after the plugin is gone, so a test can
 * tell whether it held one of the runtime's shared threads and whether it still runs.
 */
@PrsmPlugin(id = "spins-in-initialize", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsInInitializePlugin implements Plugin {

    /** The name and thread group of the thread initialize ran on. */
    public static volatile String spunOn;

    /** Counted down when initialize's loop has ended. */
    public static final CountDownLatch LEFT = new CountDownLatch(1);

    private volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        Thread self = Thread.currentThread();
        spunOn = self.getName() + " in " + self.getThreadGroup().getName();
        try {
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
        } finally {
            LEFT.countDown();
        }
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("never initialized");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
