package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that would stop the whole runtime. */
@PrsmPlugin(id = "exits-the-jvm", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class ExitsTheJvmPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) {
        System.exit(66);
        return PluginResponse.success(null);
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
