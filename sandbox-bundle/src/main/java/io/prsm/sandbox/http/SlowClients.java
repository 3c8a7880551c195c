package io.prsm.sandbox.http;

import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.prsm.sandbox.audit.AuditSink;

/**
 * Puts the header deadline on the HTTP API's connections, where Felix HTTP Jetty serves it: the
 * deadline is the framework property {@value #HEADER_TIMEOUT} (default {@code 20s}), the cap on open
 * connections {@value #MAX_CONNECTIONS} (default {@value #DEFAULT_MAX_CONNECTIONS}). Felix HTTP
 * Jetty's API is an optional import of the gatekeeper; a host without it gets no guard and no
 * error, because it serves no HTTP through Felix.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class SlowClients {

    public static final String HEADER_TIMEOUT = "prsm.http.headerTimeout";
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(20);
    public static final String MAX_CONNECTIONS = "prsm.http.maxConnections";
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    private static final String CONNECTOR_FACTORY = "org.apache.felix.http.jetty.ConnectorFactory";

    private SlowClients() {
    }

    /** Registers the guarded connector factory; empty when Felix HTTP Jetty is not wired to the gatekeeper. */
    public static Optional<ServiceRegistration<?>> guard(BundleContext context, Duration headerTimeout,
            int maxConnections, AuditSink audit) {
        try {
            SlowClients.class.getClassLoader().loadClass(CONNECTOR_FACTORY);
        } catch (ClassNotFoundException noJetty) {
            return Optional.empty();
        }
        return Optional.of(context.registerService(CONNECTOR_FACTORY, new GuardedConnectors(headerTimeout,
                Math.max(1, maxConnections), audit), null));
    }
}
