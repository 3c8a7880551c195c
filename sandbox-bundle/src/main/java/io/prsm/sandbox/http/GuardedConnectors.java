package io.prsm.sandbox.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;

/**
 * Replaces the plain HTTP connector Felix HTTP Jetty opened with one that also cuts off clients
 * that dribble their headers ({@link HeaderDeadline}): same host, same bound port, same HTTP
 * configuration and idle timeout. Felix offers no setting for a header deadline and no other way
 * to reach its connector; it asks every {@link ConnectorFactory} service for a connector once its
 * own listens, and this one answers with the replacement after closing the original. Because the
 * port stays the one already bound (also one picked for port 0), the endpoint Felix reports stays
 * true. Each cut-off is audited with the client's address.
 *
 * <p>Concurrent semantics: stateless between calls; Felix calls it on the thread that starts Jetty.
 */
final class GuardedConnectors implements ConnectorFactory {

    private final Duration headerTimeout;
    private final AuditSink audit;

    GuardedConnectors(Duration headerTimeout, AuditSink audit) {
        this.headerTimeout = headerTimeout;
        this.audit = audit;
    }

    @Override
    public Connector createConnector(Server server) {
        ServerConnector plain = plainConnector(server);
        HttpConnectionFactory http = plain.getConnectionFactory(HttpConnectionFactory.class);
        ServerConnector guarded = new ServerConnector(server, plain.getAcceptors(),
                plain.getSelectorManager().getSelectorCount(), new HttpConnectionFactory(http.getHttpConfiguration()));
        guarded.setHost(plain.getHost());
        guarded.setPort(plain.getLocalPort());
        guarded.setIdleTimeout(plain.getIdleTimeout());
        guarded.addBean(new HeaderDeadline(guarded.getScheduler(), headerTimeout, this::audit));
        try {
            plain.stop();
        } catch (Exception failed) {
            throw new IllegalStateException("The HTTP connector could not be closed to be replaced by the guarded one",
                    failed);
        }
        server.removeConnector(plain);
        return guarded;
    }

    private static ServerConnector plainConnector(Server server) {
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof ServerConnector candidate
                    && candidate.getConnectionFactory(HttpConnectionFactory.class) != null
                    && candidate.getConnectionFactory(SslConnectionFactory.class) == null
                    && candidate.getLocalPort() > 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("Jetty has no plain HTTP connector to guard; the HTTP API is not served");
    }

    private void audit(SocketAddress remote) {
        String client = remote instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : "an unknown client";
        audit.record(AuditEvent.denied("-", -1, "http", "connection from " + client,
                "request line and headers not complete within " + headerTimeout.toMillis()
                        + " ms; closed (prsm.http.headerTimeout)"));
    }
}
