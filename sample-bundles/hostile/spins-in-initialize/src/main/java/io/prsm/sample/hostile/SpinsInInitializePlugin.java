package io.prsm.sample.hostile;

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
 * given ({@link #spunOn}, read by the test through the bundle's class), so the test can tell
 * whether it held one of the runtime's shared threads.
 */
@PrsmPlugin(id = "spins-in-initialize", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@Component(service = Plugin.class)
public final class SpinsInInitializePlugin implements Plugin {

    /** The name and thread group of the thread initialize ran on; the test reads it. */
    public static volatile String spunOn;

    private volatile long turns;

    @Override
    public void initialize(PluginConfig config) {
        Thread self = Thread.currentThread();
        spunOn = self.getName() + " in " + self.getThreadGroup().getName();
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
    public PluginResponse execute(Task task) {
        return PluginResponse.success("never initialized");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
