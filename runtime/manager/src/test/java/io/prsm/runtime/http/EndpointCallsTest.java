package io.prsm.runtime.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigInteger;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Test;

import io.prsm.api.PluginException;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;
import io.prsm.limits.JsonLimits;

public class EndpointCallsTest {

    private static final EndpointRequest REQUEST = new EndpointRequest("GET", "/api/v1/x", Map.of(), Map.of(), "test",
            Set.of("x_read"));

    // a second is long enough for a released handler to hand its slot back on a loaded host
    private final EndpointCalls calls = new EndpointCalls(1, Duration.ofSeconds(1), JsonLimits.DEFAULTS);

    @After
    public void close() {
        calls.close();
    }

    private static EndpointRoute route(Endpoint endpoint) {
        return new EndpointRoute("/api/v1/x", "x_read", List.of(), 42, "x", 7, endpoint);
    }

    @Test
    public void theAnswerIsTheHandlersMadePlain() throws Exception {
        EndpointAnswer answer = calls.call(route(request -> EndpointResponse.ok(Map.of("n", 1, "big",
                BigInteger.TEN.pow(50)))), "p", REQUEST);
        assertEquals(200, answer.status());
        assertEquals(Map.of("n", 1, "big", BigInteger.TEN.pow(50)), answer.body());
        assertNull(answer.refusal());
    }

    @Test
    public void theHandlersFailureReachesTheCallerAsWords() throws Exception {
        EndpointAnswer answer = calls.call(route(request -> {
            throw new PluginException("no data");
        }), "p", REQUEST);
        assertEquals(500, answer.status());
        assertEquals("Plugin 'p' failed to answer: no data", answer.error());
        assertTrue(answer.logged(), answer.logged().contains("PluginException: no data"));
    }

    @Test
    public void aNumberTooLongToWriteIsRefusedOnTheEndpointsThread() throws Exception {
        // made in microseconds, written as digits in minutes: judged by its bits, never written
        EndpointAnswer answer = calls.call(route(request -> EndpointResponse.ok(Map.of("n",
                BigInteger.ONE.shiftLeft(40_000_000)))), "p", REQUEST);
        assertEquals(500, answer.status());
        assertTrue(answer.error(), answer.error().contains("data.n is a number longer than 100 digits"));
        assertTrue(answer.refusal(), answer.refusal().startsWith("answered /api/v1/x with data the runtime cannot send"));
    }

    @Test
    public void theAnswerIsHeldToTheConfiguredNumberLength() throws Exception {
        JsonLimits tenDigits = JsonLimits.from(name -> JsonLimits.MAX_NUMBER_LENGTH.equals(name) ? "10" : null);
        try (EndpointCalls strict = new EndpointCalls(1, Duration.ofSeconds(1), tenDigits)) {
            assertEquals(200, strict.call(route(request -> EndpointResponse.ok(Map.of("n",
                    new BigInteger("9999999999")))), "p", REQUEST).status());
            EndpointAnswer answer = strict.call(route(request -> EndpointResponse.ok(Map.of("n",
                    new BigInteger("10000000000")))), "p", REQUEST);
            assertEquals(500, answer.status());
            assertTrue(answer.error(), answer.error().contains("data.n is a number longer than 10 digits"));
        }
    }

    @Test
    public void theHandlerSeesItsPluginsLoaderAndTheThreadsOwnIsPutBack() throws Exception {
        // the pooled thread is made on first call and takes the caller's loader: the platform's here
        ClassLoader platform = new URLClassLoader(new URL[0], null);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(platform);
        try {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            ClassLoader[] seen = new ClassLoader[1];
            Endpoint endpoint = request -> {
                ranOn.complete(Thread.currentThread());
                seen[0] = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[0], null));
                return EndpointResponse.ok(Map.of());
            };
            assertEquals(200, calls.call(route(endpoint), "p", REQUEST).status());
            assertSame(endpoint.getClass().getClassLoader(), seen[0]);
            assertSame("the pooled thread's own loader is back", platform,
                    ranOn.getNow(null).getContextClassLoader());
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    public void aBeanInTheAnswerIsRefusedUnread() throws Exception {
        EndpointAnswer answer = calls.call(route(request -> EndpointResponse.ok(Map.of("bean", new Thread()))), "p",
                REQUEST);
        assertEquals(500, answer.status());
        assertTrue(answer.error(), answer.error().contains("data.bean is a java.lang.Thread"));
    }

    @Test
    public void aFailureIsDescribedOnTheEndpointsThreadNeverTheCallers() throws Exception {
        CompletableFuture<Thread> describedOn = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        Endpoint loud = request -> {
            throw new PluginException("loud") {
                private static final long serialVersionUID = 1L;

                @Override
                public String getMessage() {
                    describedOn.complete(Thread.currentThread());
                    // a message that takes longer than the caller waits
                    while (true) {
                        try {
                            release.await();
                            return "late words";
                        } catch (InterruptedException ignored) {
                            // as a hostile plugin would
                        }
                    }
                }
            };
        };
        try {
            ApiError late = assertThrows(ApiError.class, () -> calls.call(route(loud), "loud", REQUEST));
            assertEquals(504, late.status());
            Thread describer = describedOn.get();
            assertNotSame(Thread.currentThread(), describer);
            assertTrue(describer.getName(), describer.getName().startsWith("prsm-endpoint-"));
        } finally {
            release.countDown();
        }
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
