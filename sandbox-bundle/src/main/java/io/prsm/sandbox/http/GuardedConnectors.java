package io.prsm.sandbox.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
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
 * Takes over the plain HTTP connector Felix HTTP Jetty opened with one that also cuts off clients
 * that dribble their headers ({@link HeaderDeadline}): same listening socket, same HTTP
 * configuration and idle timeout. Felix offers no setting for a header deadline and no other way
 * to reach its connector; it asks every {@link ConnectorFactory} service for a connector once its
 * own listens, and this one answers with a connector that accepts on the plain one's socket, which
 * stops accepting. The socket is handed over, never closed and bound again, so there is no moment
 * without a listener (a second bind races the first one's close) and the endpoint Felix reports
 * stays true. The plain connector carries the deadline too, for the one connection it may still
 * be accepting when it is told to stop. Each cut-off is audited with the client's address.
 *
 * <p>When the guarded connector stops (the gatekeeper stops while Jetty runs), it closes the
 * socket: the HTTP API stops rather than serve unguarded.
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
        if (plain.getAcceptors() < 1) {
            // a socket its selector accepts on cannot be shared with a blocking acceptor: no HTTP rather than unguarded
            stop(plain);
            throw new IllegalStateException("The HTTP API is not served: org.apache.felix.http.jetty.acceptors is "
                    + plain.getAcceptors() + "; the runtime's guarded connector needs 1 or more");
        }
        HeaderDeadline deadline = new HeaderDeadline(plain.getScheduler(), headerTimeout, this::audit);
        plain.addBean(deadline);
        HttpConnectionFactory http = plain.getConnectionFactory(HttpConnectionFactory.class);
        ServerConnector guarded = new ServerConnector(server, plain.getAcceptors(),
                plain.getSelectorManager().getSelectorCount(), new HttpConnectionFactory(http.getHttpConfiguration()));
        guarded.setHost(plain.getHost());
        guarded.setPort(plain.getLocalPort());
        guarded.setIdleTimeout(plain.getIdleTimeout());
        guarded.addBean(deadline);
        try {
            guarded.open((ServerSocketChannel) plain.getTransport());
        } catch (IOException unusable) {
            stop(plain);
            throw new IllegalStateException("The HTTP API is not served: its socket could not be handed to the guarded "
                    + "connector (" + unusable.getMessage() + ")", unusable);
        }
        plain.setAccepting(false);
        return guarded;
    }

    private static void stop(ServerConnector plain) {
        try {
            plain.stop();
        } catch (Exception ignored) {
            // stopping is the fallback of a failure that is reported; the socket closes with the JVM at worst
        }
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
