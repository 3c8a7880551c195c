package io.prsm.sample.hostile;

import java.io.IOException;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginException;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/** Hostile fixture: a sandbox plugin that would read and rewrite every bundle's configuration. */
@PrsmPlugin(id = "uses-config-admin", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class UsesConfigAdminPlugin implements Plugin {

    private final ConfigurationAdmin configurations;

    @Activate
    public UsesConfigAdminPlugin(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack waits for a task
    }

    @Override
    public PluginResponse execute(Task task) throws PluginException {
        try {
            return PluginResponse.success(String.valueOf(configurations.listConfigurations(null)));
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
