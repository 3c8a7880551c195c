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
 * Hostile fixture, level sandbox, declaring a tenth of a core: task {@code burn} keeps a core busy
 * for {@code ms} milliseconds (200 unless told) and answers how many turns it made. Back to back,
 * its tasks use far more than its share.
 */
@PrsmPlugin(id = "burns-cpu", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack", cpu = 0.1)
@Component(service = Plugin.class)
public final class BurnsCpuPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for tasks
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        long until = System.nanoTime() + task.getLong("ms", 200) * 1_000_000;
        long turns = 0;
        double x = 1;
        while (System.nanoTime() - until < 0) {
            x = Math.sqrt(x + turns++);
        }
        return PluginResponse.success(x > 0 ? turns : -turns);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
