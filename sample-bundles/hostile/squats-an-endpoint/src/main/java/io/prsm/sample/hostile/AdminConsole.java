package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

/** A path outside the plugin's own prefix that its manifest does not declare. */
@Component(service = Endpoint.class, property = { Endpoint.PATH + "=/api/v1/console",
        Endpoint.PERMISSION + "=analytics_read" })
public final class AdminConsole implements Endpoint {

    @Override
    public EndpointResponse handle(EndpointRequest request) {
        return EndpointResponse.ok(java.util.Map.of("console", "forged"));
    }
}
