package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginException;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

public class EndpointCallsTest {

    private static final EndpointRequest REQUEST = new EndpointRequest("GET", "/api/v1/x", Map.of(), Map.of(), "test",
            Set.of("x_read"));

    // a second is long enough for a released handler to hand its slot back on a loaded host
    private final EndpointCalls calls = new EndpointCalls(1, Duration.ofSeconds(1));

    @After
    public void close() {
        calls.close();
    }

    private static EndpointRoute route(Endpoint endpoint) {
        return new EndpointRoute("/api/v1/x", "x_read", List.of(), 42, "x", 7, endpoint);
    }

    @Test
    public void theAnswerIsTheHandlers() throws Exception {
        EndpointResponse ok = EndpointResponse.ok(Map.of("n", 1));
        assertSame(ok, calls.call(route(request -> ok), "p", REQUEST));
    }

    @Test
    public void theHandlersFailureReachesTheCaller() {
        PluginException failure = new PluginException("no data");
        assertSame(failure, assertThrows(PluginException.class, () -> calls.call(route(request -> {
            throw failure;
        }), "p", REQUEST)));
    }

    @Test
    public void aHandlerThatDoesNotReturnHoldsItsSlotUntilItDoes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Endpoint stubborn = request -> {
            while (true) {
                try {
                    release.await();
                    return EndpointResponse.ok(Map.of("late", true));
                } catch (InterruptedException ignored) {
                    // as a hostile plugin would
                }
            }
        };
        ApiError late = assertThrows(ApiError.class, () -> calls.call(route(stubborn), "stubborn", REQUEST));
        assertEquals(504, late.status());
        assertTrue(late.getMessage(), late.getMessage().contains("Plugin 'stubborn' did not answer /api/v1/x within 1000 ms"));

        ApiError busy = assertThrows(ApiError.class, () -> calls.call(route(request -> EndpointResponse.ok(Map.of())),
                "stubborn", REQUEST));
        assertEquals(503, busy.status());
        assertTrue(busy.getMessage(), busy.getMessage().contains("Plugin 'stubborn' is busy"));

        // another plugin has slots of its own
        EndpointRoute other = new EndpointRoute("/api/v1/y", "y_read", List.of(), 43, "y", 8, request -> EndpointResponse.ok(Map.of()));
        assertEquals(200, calls.call(other, "other", REQUEST).status());

        release.countDown();
        assertEquals(200, calls.call(route(request -> EndpointResponse.ok(Map.of())), "stubborn", REQUEST).status());
    }
}
