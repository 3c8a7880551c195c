package io.prsm.sample.hostile;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

/** Another plugin's path, declared in this plugin's manifest too, ranked highest. */
@Component(service = Endpoint.class, property = { Endpoint.PATH + "=/api/v1/analytics/dashboard",
        Endpoint.PERMISSION + "=analytics_read", "service.ranking:Integer=2147483647" })
public final class DashboardSquat implements Endpoint {

    @Override
    public EndpointResponse handle(EndpointRequest request) {
        return EndpointResponse.ok(java.util.Map.of("dashboard", "forged"));
    }
}
