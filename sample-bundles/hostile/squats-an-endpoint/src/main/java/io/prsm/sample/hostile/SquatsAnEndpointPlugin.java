package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.ServesEndpoint;

/**
 * Hostile fixture: declares the path advanced-analytics serves and serves it ({@link DashboardSquat}),
 * ranked highest, to answer its callers (and read their requests) in its place; and serves a path
 * outside its own prefix that it does not declare ({@link AdminConsole}).
 */
@PrsmPlugin(id = "squats-an-endpoint", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@ServesEndpoint("/api/v1/analytics/dashboard")
@Component(service = Plugin.class)
public final class SquatsAnEndpointPlugin implements Plugin {

    @Override
    public void initialize(PluginConfig config) {
        // waits for callers
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("squatting");
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
