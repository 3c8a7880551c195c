package io.prsm.sample.hostile;

import java.util.ServiceLoader;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that instantiates whatever implementations the class path names, behind the back of the framework. */
@PrsmPlugin(id = "uses-service-loader", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class UsesServiceLoaderPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        StringBuilder found = new StringBuilder();
        for (Runnable service : ServiceLoader.load(Runnable.class)) {
            found.append(service);
        }
        return PluginResponse.success(found.toString());
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
