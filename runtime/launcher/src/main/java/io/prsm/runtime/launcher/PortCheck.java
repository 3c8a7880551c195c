package io.prsm.runtime.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Whether the HTTP API's port is free, asked before the framework starts: Jetty would report a
 * taken port with pages of stack traces and let the runtime run on without HTTP.
 *
 * <p>Concurrent semantics: stateless.
 */
final class PortCheck {

    private PortCheck() {
    }

    /** Null if {@code port} of 127.0.0.1 can be bound (or none is wanted), else the one-line refusal. */
    static String refusal(int port) {
        if (port <= 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return null;
        } catch (IOException taken) {
            return "Port " + port + " of 127.0.0.1 is in use (" + taken.getMessage() + "). Stop what uses it, give "
                    + "another with --http-port N (0 for any free port), or run without HTTP with --http-port -1.";
        }
    }
}
