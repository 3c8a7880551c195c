package io.prsm.sample.hostile;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that reads resources through the class loader of an API class, which in an embedding application is the application class path (its configuration, its secrets). */
@PrsmPlugin(id = "reads-the-host-resources", version = "1.0.0", type = PluginType.UTILITY, level = SecurityLevel.SANDBOX,
        capabilities = "attack")
@Component(service = Plugin.class)
public final class ReadsTheHostResourcesPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try (InputStream in = task.getClass().getResourceAsStream("/application.properties")) {
            return PluginResponse.success(in == null ? "nothing" : new String(in.readAllBytes()));
        } catch (IOException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
