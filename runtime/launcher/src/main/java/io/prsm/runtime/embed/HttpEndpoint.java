package io.prsm.runtime.embed;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The URL the HTTP API is bound to, as the HTTP service reports it once Jetty listens: the real
 * port, also when any free one was asked for.
 *
 * <p>Concurrent semantics: stateless.
 */
final class HttpEndpoint {

    private static final String RUNTIME = "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)";
    private static final String ENDPOINT = "osgi.http.endpoint";

    private HttpEndpoint() {
    }

    /** The bound URL, or empty if the HTTP service does not run within {@code timeout}. */
    static Optional<String> await(BundleContext context, Duration timeout) throws InterruptedException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(RUNTIME), null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalArgumentException(impossible);
        }
        // the servlet API lives in a bundle, not on the launcher's class path: any class space will do
        tracker.open(true);
        try {
            if (tracker.waitForService(Math.max(1, timeout.toMillis())) == null) {
                return Optional.empty();
            }
            Object endpoint = tracker.getServiceReference().getProperty(ENDPOINT);
            if (endpoint instanceof String[] many && many.length > 0) {
                return Optional.of(many[0]);
            }
            if (endpoint instanceof Collection<?> many && !many.isEmpty()) {
                return Optional.of(String.valueOf(many.iterator().next()));
            }
            return endpoint == null ? Optional.empty() : Optional.of(String.valueOf(endpoint));
        } finally {
            tracker.close();
        }
    }
}
