package io.prsm.sandbox.http;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes an HTTP connection whose request line and headers are not complete within a deadline,
 * counted from the moment the connection opened or its previous answer was sent. Jetty 11 has
 * only an idle timeout, which a client that sends one header byte every few seconds never
 * meets: such a client would hold its connection for ever, and many of them the server. A
 * connection that has sent nothing of its next request by then is idle, not slow: its deadline
 * starts again, and the idle timeout closes it (a kept-alive client between requests is no
 * attacker). So a request that has begun by a deadline must have its line and headers complete
 * at that deadline.
 *
 * <p>Added to a connector as a bean, it is told of every connection (as a {@link
 * Connection.Listener}) and of every request whose headers were parsed (as an {@link
 * HttpChannel.Listener}). A request being answered has no header deadline; its body has its own
 * ({@code prsm.http.bodyTimeout}) and its silence the idle timeout.
 *
 * <p>Concurrent semantics: thread-safe; Jetty calls it from its selector and worker threads, and
 * a deadline fires on the scheduler's thread. The pending deadlines live in a concurrent map
 * keyed by the connection's end point.
 */
final class HeaderDeadline implements Connection.Listener, HttpChannel.Listener {

    private final Scheduler scheduler;
    private final Duration deadline;
    private final Consumer<SocketAddress> onCutOff;
    private final Map<EndPoint, Armed> pending = new ConcurrentHashMap<>();

    /**
     * @param onCutOff told the client's address of each connection closed for its headers (to audit it)
     */
    HeaderDeadline(Scheduler scheduler, Duration deadline, Consumer<SocketAddress> onCutOff) {
        this.scheduler = scheduler;
        this.deadline = deadline;
        this.onCutOff = onCutOff;
    }

    Duration deadline() {
        return deadline;
    }

    @Override
    public void onOpened(Connection connection) {
        arm(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        disarm(connection.getEndPoint());
    }

    @Override
    public void onRequestBegin(Request request) {
        disarm(request.getHttpChannel().getEndPoint());
    }

    @Override
    public void onComplete(Request request) {
        EndPoint endPoint = request.getHttpChannel().getEndPoint();
        // the next request on a kept-alive connection gets the same time for its headers
        if (endPoint.isOpen() && endPoint.getConnection() != null) {
            arm(endPoint.getConnection());
        }
    }

    /** Connections waiting for their headers now; for tests and diagnostics. */
    int pending() {
        return pending.size();
    }

    private void arm(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        Armed armed = new Armed(connection);
        Armed previous = pending.put(endPoint, armed);
        if (previous != null) {
            previous.cancel();
        }
        // in the map before it is scheduled, so even a deadline that fires at once finds itself there
        armed.task = scheduler.schedule(() -> expire(endPoint, armed), deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm(EndPoint endPoint) {
        Armed armed = pending.remove(endPoint);
        if (armed != null) {
            armed.cancel();
        }
    }

    private void expire(EndPoint endPoint, Armed armed) {
        // only the deadline still armed counts: a request that began, or a newer deadline, wins
        if (!pending.remove(endPoint, armed)) {
            return;
        }
        if (armed.connection instanceof HttpConnection http) {
            HttpParser parser = http.getParser();
            if (parser.isStart()) {
                // nothing of a request yet: idle, which the idle timeout is for; watch it again
                if (endPoint.isOpen()) {
                    arm(armed.connection);
                }
                return;
            }
            if (!parser.inHeaderState()) {
                // its headers are complete: a request is being answered, and its end arms the next deadline
                return;
            }
        }
        SocketAddress client = endPoint.getRemoteSocketAddress();
        endPoint.close();
        onCutOff.accept(client);
    }

    /** One armed deadline of a connection; its identity is what {@link #expire} checks. */
    private static final class Armed {
        private final Connection connection;
        private volatile Scheduler.Task task;

        Armed(Connection connection) {
            this.connection = connection;
        }

        void cancel() {
            Scheduler.Task scheduled = task;
            if (scheduled != null) {
                scheduled.cancel();
            }
        }
    }
}
