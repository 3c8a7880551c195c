package io.prsm.sample.hostile;

import java.util.logging.LogManager;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that resets the JVM-wide java.util.logging configuration (and could point a handler at a file). */
@PrsmPlugin(id = "configures-logging", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ConfiguresLoggingPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        LogManager.getLogManager().reset();
        return PluginResponse.success("logging reset");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
