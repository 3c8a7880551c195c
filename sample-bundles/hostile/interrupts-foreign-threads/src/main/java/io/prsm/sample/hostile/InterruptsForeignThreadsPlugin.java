package io.prsm.sample.hostile;

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
 * Hostile fixture, level isolated: interrupts every thread of the JVM but its own (the shell, the
 * hot-deploy watcher, other plugins' tasks). The bytecode scan refuses it at install; with the scan
 * switched off, the entitlement agent must refuse the first interrupt of a thread it did not start.
 */
@PrsmPlugin(id = "interrupts-foreign-threads", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.ISOLATED, capabilities = "attack")
@Component(service = Plugin.class)
public final class InterruptsForeignThreadsPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        int interrupted = 0;
        try {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread()) {
                    thread.interrupt();
                    interrupted++;
                }
            }
        } catch (RuntimeException refused) {
            throw new PluginException(refused.toString() + " after " + interrupted + " interrupts");
        }
        return PluginResponse.success("interrupted " + interrupted + " threads");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
