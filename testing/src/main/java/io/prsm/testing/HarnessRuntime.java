package io.prsm.testing;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.runtime.embed.PrsmRuntime;
import io.prsm.runtime.launcher.RuntimeShell;

/**
 * The runtime a {@link PluginHarness} runs: started on a storage folder with the HTTP API on a
 * free loopback port, ready once the API answers, with a Gogo shell on it; stopped and started again on
 * the same folder for a restart.
 *
 * <p>Concurrent semantics: not thread-safe; the harness's test thread drives it.
 */
final class HarnessRuntime {

    static final Duration READY = Duration.ofSeconds(60);

    private int port;
    private PrsmRuntime runtime;
    private BundleContext context;
    private RuntimeShell shell;

    /** Starts the runtime with its HTTP API on a free loopback port. */
    void startOnFreePort(Path storage, Map<String, String> frameworkProperties) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        start(storage, frameworkProperties);
    }

    /** Stops the runtime and starts it again on the same storage folder and port. */
    void restart(Path storage, Map<String, String> frameworkProperties) throws Exception {
        stop();
        start(storage, frameworkProperties);
    }

    /** The port of the HTTP API. */
    int port() {
        return port;
    }

    /** Starts the runtime and waits until its HTTP API and shell are ready. */
    private void start(Path storage, Map<String, String> frameworkProperties) throws Exception {
        PrsmRuntime.Builder builder = PrsmRuntime.builder(storage).distribution(DistributionLocator.locate())
                .httpPort(port).readyTimeout(READY)
                // a hook handler that hangs is cut off after a second
                .property("org.apache.felix.eventadmin.Timeout", "1000");
        frameworkProperties.forEach(builder::property);
        runtime = builder.start();
        context = runtime.bundleContext();
        awaitHttp();
        shell = RuntimeShell.open(context, READY, null, null);
    }

    /** The running runtime. */
    PrsmRuntime runtime() {
        return runtime;
    }

    /** The framework of the last start, or null before the first. */
    BundleContext context() {
        return context;
    }

    /** Runs a Gogo command and returns what it answered. */
    String shell(String command) throws Exception {
        return shell.execute(command);
    }

    /** Closes the shell, then the runtime; does nothing for what is not running. */
    void stop() throws Exception {
        try {
            if (shell != null) {
                shell.close();
                shell = null;
            }
        } finally {
            if (runtime != null) {
                runtime.close();
                runtime = null;
            }
        }
    }

    /** The API answers once Jetty runs and the API servlet is registered in the gatekeeper's context. */
    private void awaitHttp() throws InterruptedException {
        for (String filter : List.of("(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)",
                "(osgi.http.whiteboard.servlet.name=prsm-api)",
                "(osgi.http.whiteboard.context.name=prsm)")) {
            ServiceTracker<Object, Object> tracker;
            try {
                tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(filter), null);
            } catch (InvalidSyntaxException impossible) {
                throw new IllegalArgumentException(impossible);
            }
            tracker.open(true); // whatever class space: the test's class path may hold other copies of these APIs
            try {
                if (tracker.waitForService(READY.toMillis()) == null) {
                    throw new IllegalStateException("The HTTP API did not start within " + READY.toSeconds()
                            + " s: nothing matches " + filter);
                }
            } finally {
                tracker.close();
            }
        }
    }
}
