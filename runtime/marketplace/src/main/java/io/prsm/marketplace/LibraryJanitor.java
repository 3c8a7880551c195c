package io.prsm.marketplace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the libraries the marketplace installed (location {@code prsm:library/...}) once no
 * other bundle is wired to them: after any bundle is uninstalled (a plugin, or the old revision of
 * a swapped one) it refreshes the bundles pending removal, then uninstalls every unused library,
 * and repeats, so a library that only another removed library used goes too.
 *
 * <p>Concurrent semantics: thread-safe; the work runs on one thread of its own, never on the
 * framework's event thread.
 */
final class LibraryJanitor implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryJanitor.class);
    /** Bounds a refresh the framework never reports; a healthy one takes milliseconds. */
    private static final long REFRESH_SECONDS = 60;
    private static final int MAX_ROUNDS = 16;

    private final BundleContext context;
    private final MarketAudit audit;
    private final Runnable afterUninstall;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "prsm-marketplace-libraries");
        thread.setDaemon(true);
        return thread;
    });

    /** @param afterUninstall runs on the janitor's thread after a plugin is uninstalled, before libraries are removed */
    LibraryJanitor(BundleContext context, MarketAudit audit, Runnable afterUninstall) {
        this.context = context;
        this.audit = audit;
        this.afterUninstall = afterUninstall;
    }

    void open() {
        context.addBundleListener(this);
    }

    void close() {
        context.removeBundleListener(this);
        worker.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED && !isLibrary(event.getBundle())) {
            worker.execute(() -> {
                afterUninstall.run();
                removeUnused();
            });
        }
    }

    /** One pass: returns once every unused library is gone (or the framework stops). */
    void removeUnused() {
        try {
            for (int round = 0; round < MAX_ROUNDS && refreshed(); round++) {
                List<Bundle> unused = new ArrayList<>();
                for (Bundle bundle : context.getBundles()) {
                    if (isLibrary(bundle) && !usedByOthers(bundle)) {
                        unused.add(bundle);
                    }
                }
                if (unused.isEmpty()) {
                    return;
                }
                for (Bundle library : unused) {
                    String name = library.getSymbolicName() + " " + library.getVersion();
                    // audited first: whoever sees the library gone finds the reason in the log
                    audit.granted(name, "uninstall library " + name, "no installed plugin needs it any more");
                    library.uninstall();
                }
            }
        } catch (BundleException | IllegalStateException stopping) {
            LOG.warn("Unused libraries were not all removed: {}", stopping.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refreshes the bundles pending removal and waits until the framework says it is done. */
    private boolean refreshed() throws InterruptedException {
        CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, done::complete);
        try {
            return done.get(REFRESH_SECONDS, TimeUnit.SECONDS).getType() == FrameworkEvent.PACKAGES_REFRESHED;
        } catch (ExecutionException | TimeoutException notDone) {
            LOG.warn("The framework did not finish refreshing within {} s; unused libraries stay for now",
                    REFRESH_SECONDS);
            return false;
        }
    }

    static boolean isLibrary(Bundle bundle) {
        return bundle.getLocation().startsWith(Installation.LIBRARY_LOCATION);
    }

    private static boolean usedByOthers(Bundle library) {
        BundleWiring wiring = library.adapt(BundleWiring.class);
        if (wiring == null) {
            return false;
        }
        for (BundleWire wire : wiring.getProvidedWires(null)) {
            if (!wire.getRequirer().getBundle().equals(library)) {
                return true;
            }
        }
        return false;
    }
}
