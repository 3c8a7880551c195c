package io.prsm.sandbox.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import io.prsm.sandbox.audit.AuditEvent;
import io.prsm.sandbox.audit.AuditSink;

/**
 * Guards the plain HTTP connector Felix HTTP Jetty opened: a client that dribbles its headers is
 * cut off ({@link HeaderDeadline}) and at most {@code maxConnections} connections are open at once
 * (Jetty's {@link ConnectionLimit}). Felix offers no setting for either and no other way to reach
 * its connector: it asks every {@link ConnectorFactory} service for a connector once its own
 * listens, and must be handed one. This factory puts the guard on Felix's connector and hands back
 * a second connector with the same guard that accepts on the same listening socket (never a
 * second bind, which would race the first socket's close), same HTTP configuration and idle
 * timeout; the endpoint Felix reports stays true. Each cut-off is audited with the client's address.
 *
 * <p>When the guarded connector stops (the gatekeeper stops while Jetty runs), it closes the
 * socket: the HTTP API stops rather than serve unguarded.
 *
 * <p>Concurrent semantics: stateless between calls; Felix calls it on the thread that starts Jetty.
 */
final class GuardedConnectors implements ConnectorFactory {

    private final Duration headerTimeout;
    private final int maxConnections;
    private final AuditSink audit;

    /** @param maxConnections open connections at most; past it, new ones wait to be accepted until one closes */
    GuardedConnectors(Duration headerTimeout, int maxConnections, AuditSink audit) {
        this.headerTimeout = headerTimeout;
        this.maxConnections = maxConnections;
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
        // both accept on the one socket; every client of the API is on this machine, so one cap over
        // both is the cap per client too. It starts with the guarded connector.
        guarded.addBean(new ConnectionLimit(maxConnections, guarded, plain));
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
