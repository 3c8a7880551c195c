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

/** Hostile fixture: a sandbox plugin that reads the system properties of the host, directly and through Integer.getInteger. */
@PrsmPlugin(id = "reads-a-system-property", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ReadsASystemPropertyPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        return PluginResponse.success(System.getProperty("user.home") + " " + Integer.getInteger("java.class.version"));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
