package io.prsm.sample.hostile;

import java.util.concurrent.CountDownLatch;

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
 * A hostile test fixture: its endpoint waits for an event that only its own shutdown sends, and
 * shrugs off interrupts. The runtime must answer each caller in time, keep the threads it holds
 * bounded, and keep serving everything else.
 */
@PrsmPlugin(id = "hanging-endpoint", version = "1.0.0", type = PluginType.UTILITY, capabilities = "hang")
@ServesEndpoint("/api/v1/hang")
@Component(service = { Plugin.class, Endpoint.class }, property = {
        Endpoint.PATH + "=/api/v1/hang", Endpoint.PERMISSION + "=hang_read" })
public final class HangingEndpointPlugin implements Plugin, Endpoint {

    private final CountDownLatch shutdown = new CountDownLatch(1);

    @Override
    public void initialize(PluginConfig config) {
        // the hang is in handle
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(null);
    }

    @Override
    public EndpointResponse handle(EndpointRequest request) {
        boolean done = false;
        while (!done) {
            try {
                shutdown.await();
                done = true;
            } catch (InterruptedException ignored) {
                // the hostile part: an interrupt does not make it give up
            }
        }
        return EndpointResponse.ok(java.util.Map.of("released", true));
    }

    @Override
    public void shutdown() {
        shutdown.countDown();
    }
}
