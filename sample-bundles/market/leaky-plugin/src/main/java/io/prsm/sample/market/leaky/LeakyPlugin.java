package io.prsm.sample.market.leaky;

import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.InvalidTaskException;
import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.sample.market.leak.Leak;

/** A sandbox plugin that needs a library its level may not wire. */
@PrsmPlugin(id = "leaky", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "text_shouting", taskTypes = "shout")
@Component(service = Plugin.class)
public final class LeakyPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // nothing to set up
    }

    @Override
    public PluginResponse execute(Task task) throws InvalidTaskException {
        if (!"shout".equals(task.type())) {
            throw new InvalidTaskException("Unknown task type '" + task.type() + "'; use shout.");
        }
        return PluginResponse.success(Map.of("version", "1.0.0", "text", Leak.of(task.requireString("text"))));
    }

    @Override
    public void shutdown() {
        // nothing to release
    }
}
