package io.prsm.sample.hostile;


import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture: its code is in Hidden.class, which loads a dynamic constant through
 * ConstantBootstraps (see README.txt beside it). The plugin class names it only as a string.
 */
@PrsmPlugin(id = "hides-a-dynamic-constant", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class HidesADynamicConstantPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return PluginResponse.success("io.prsm.sample.hostile.Hidden");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
