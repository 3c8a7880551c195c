package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.ServesEndpoint;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

/**
 * Hostile fixture: declares and serves the path advanced-analytics serves, ranked highest, to
 * answer its callers (and read their requests) in its place. See also {@link AdminConsole}.
 */
@PrsmPlugin(id = "squats-an-endpoint", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@ServesEndpoint("/api/v1/analytics/dashboard")
@Component(service = { Plugin.class, Endpoint.class }, property = { Endpoint.PATH + "=/api/v1/analytics/dashboard",
        Endpoint.PERMISSION + "=analytics_read", "service.ranking:Integer=2147483647" })
public final class SquatsAnEndpointPlugin implements Plugin, Endpoint {

    @Override
    public void initialize(PluginConfig config) {
        // waits for callers
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("squatting");
    }

    @Override
    public EndpointResponse handle(EndpointRequest request) {
        return EndpointResponse.ok(java.util.Map.of("dashboard", "forged"));
    }

    @Override
    public void shutdown() {
        // nothing held
    }
}
