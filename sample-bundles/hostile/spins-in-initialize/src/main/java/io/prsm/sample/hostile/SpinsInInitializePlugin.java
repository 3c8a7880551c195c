package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;

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
 * Hostile fixture, level sandbox: {@code initialize} loops for ever, clearing its interrupt and
 * swallowing whatever it is thrown, on the runtime's lifecycle thread. Its static
 * latch {@link #LEFT} tells from outside when the loop has ended.
 */
@PrsmPlugin(id = "spins-in-initialize", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsInInitializePlugin implements Plugin {

    /** Counted down when initialize's loop has ended: static, so that a test can read it after the plugin is gone. */
    public static final CountDownLatch LEFT = new CountDownLatch(1);

    private volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        try {
            while (true) {
                try {
                    while (true) {
                        turns++;
                    }
                } catch (Throwable swallowed) {
                    Thread.interrupted();
                }
            }
        } finally {
            LEFT.countDown();
        }
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return PluginResponse.success(turns);
    }

    @Override
    public void shutdown() {
        // never initialized
    }
}
