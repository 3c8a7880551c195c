package io.prsm.runtime.embed;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waits until a started runtime can be used: the plugin manager runs, the hot-deploy folder was
 * installed, and the plugins restored from the bundle cache finished initializing. Each is a
 * service the runtime registers once it holds, so the wait ends on the event, not on a guess.
 *
 * <p>Concurrent semantics: used once, by the thread that starts the runtime.
 */
final class Readiness {

    private static final String RUNTIME_BUNDLE = "io.prsm.runtime";

    private final BundleContext context;
    private final Duration timeout;

    Readiness(BundleContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /** Returns at once for a distribution without the plugin manager (a bare framework baseline). */
    void await(Distribution distribution) throws InterruptedException, TimeoutException {
        if (distribution.bundles().stream().noneMatch(bundle -> bundle.symbolicName().equals(RUNTIME_BUNDLE))) {
            return;
        }
        awaitService("(objectClass=io.prsm.api.runtime.PluginManager)",
                "The plugin manager did not start within %d s; see the errors above");
        if (context.getProperty("prsm.plugins.dir") != null) {
            awaitService("(prsm.hotdeploy.ready=true)", "The plugins in " + context.getProperty("prsm.plugins.dir")
                    + " were not installed within %d s; see the errors above");
        }
        awaitService("(prsm.plugins.ready=true)", "The installed plugins did not finish starting within %d s; "
                + "see the errors above");
    }

    private void awaitService(String filter, String failure) throws InterruptedException, TimeoutException {
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(filter), null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalArgumentException(impossible);
        }
        // every class space: a host with its own copies of PRSM's classes must not be blind to them
        tracker.open(true);
        try {
            if (tracker.waitForService(timeout.toMillis()) == null) {
                throw new TimeoutException(String.format(failure, timeout.toSeconds()));
            }
        } finally {
            tracker.close();
        }
    }
}
