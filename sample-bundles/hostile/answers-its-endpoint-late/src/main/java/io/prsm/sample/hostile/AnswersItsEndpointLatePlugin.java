package io.prsm.sample.hostile;

import java.math.BigInteger;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginType;
import io.prsm.api.SecurityLevel;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;
import io.prsm.api.annotation.ServesEndpoint;
import io.prsm.api.http.Endpoint;
import io.prsm.api.http.EndpointRequest;
import io.prsm.api.http.EndpointResponse;

/**
 * Hostile fixture, level sandbox (atk4), no reflection, nothing the allow-list refuses. A task's
 * answer is turned into plain JSON values on the task's thread (AnswerValues: big numbers bounded,
 * beans refused), but an endpoint's {@link EndpointResponse} copies its body with
 * {@code JsonValues.copyOf} (not strict), and the HTTP API writes it later with the runtime's mapper
 * on the HTTP server's own thread, outside the endpoint's deadline:
 * <ul>
 * <li>{@code ?kind=number&bits=N}: {@code BigInteger.ONE.shiftLeft(N)} (made in microseconds) written
 *     as decimal digits for minutes, JDK code on a platform thread;</li>
 * <li>{@code ?kind=throw&bits=N}: throws a {@code PluginException} whose {@code getMessage} writes
 *     such a number; the HTTP API describes it on its own thread;</li>
 * <li>{@code ?kind=getter}: a bean of its own whose getter loops; Jackson calls it on the HTTP
 *     thread, where no deadline raises a stop.</li>
 * </ul>
 */
@PrsmPlugin(id = "answers-its-endpoint-late", version = "1.0.0", type = PluginType.UTILITY,
        level = SecurityLevel.SANDBOX, capabilities = "attack")
@ServesEndpoint("/api/v1/answers-late")
@Component(service = { Plugin.class, Endpoint.class }, property = {
        Endpoint.PATH + "=/api/v1/answers-late", Endpoint.PERMISSION + "=atk4_read" })
public final class AnswersItsEndpointLatePlugin implements Plugin, Endpoint {

    static volatile long spins;

    @Override
    public void initialize(PluginConfig config) {
        // the attack is in handle
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success("getter spins so far: " + spins);
    }

    @Override
    public EndpointResponse handle(EndpointRequest request) throws io.prsm.api.PluginException {
        switch (request.parameter("kind", "ok")) {
            case "throw":
                throw new Loud(Integer.parseInt(request.parameter("bits", "30000000")));
            case "number":
                int bits = Integer.parseInt(request.parameter("bits", "30000000"));
                return EndpointResponse.ok(Map.of("n", BigInteger.ONE.shiftLeft(bits)));
            case "getter":
                return EndpointResponse.ok(Map.of("bean", new Slow()));
            default:
                return EndpointResponse.ok(Map.of("ok", true));
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    /**
     * A failure whose message takes minutes of JDK code to make: the HTTP API describes an endpoint's
     * exception on the HTTP server's thread (PluginThrowables "on the thread that caught" it), where no
     * deadline holds.
     */
    public static final class Loud extends io.prsm.api.PluginException {
        private static final long serialVersionUID = 1L;
        private final int bits;

        Loud(int bits) {
            super("loud");
            this.bits = bits;
        }

        @Override
        public String getMessage() {
            return BigInteger.ONE.shiftLeft(bits).toString();
        }
    }

    /** A bean whose one property never finishes being read. */
    public static final class Slow {
        public long getValue() {
            long n = 0;
            while (n >= 0) {
                n++;
                spins++;
            }
            return n;
        }
    }
}
