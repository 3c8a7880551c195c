package io.prsm.sample.configseeker;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Security test fixture: a sandbox plugin that may use the framework API (by a policy that allows
 * {@code org.osgi.framework}) and looks up Configuration Admin by its name, without importing its
 * package. Its own code asks, so the gatekeeper must hide the service and audit the lookup.
 */
@PrsmPlugin(id = "config-admin-seeker", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = Plugin.class)
public final class ConfigAdminSeekerPlugin implements Plugin {

    private final BundleContext context;

    @Activate
    public ConfigAdminSeekerPlugin(BundleContext context) {
        this.context = context;
    }

    @Override
    public void initialize(PluginConfig config) {
        // the attack is in execute
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(Map.of("configuration_admin_found",
                context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin") != null));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
