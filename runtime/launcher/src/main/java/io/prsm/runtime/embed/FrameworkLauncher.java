package io.prsm.runtime.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The framework under a {@link PrsmRuntime}: creates it on the storage folder, registers the
 * host's services on the system bundle, installs or updates the distribution's bundles at their
 * start levels, starts it and stops it. The bundle cache in the storage folder keeps installed
 * plugins, and whether each was started, across runs.
 *
 * <p>Concurrent semantics: one thread starts it; {@link #stop} may be called from any thread, also
 * twice at once (a shutdown hook and the main thread), and stops it once.
 */
final class FrameworkLauncher {

    private static final String EVENT_ADMIN_LOG_LEVEL = "org.apache.felix.eventadmin.LogLevel";
    /** How long Event Admin lets a hook handler run before it cuts the handler off. */
    private static final String EVENT_ADMIN_TIMEOUT = "org.apache.felix.eventadmin.Timeout";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Felix HTTP Jetty's connection idle timeout, in milliseconds (its own default is 60000). */
    private static final String HTTP_IDLE_TIMEOUT = "org.apache.felix.http.timeout";
    private static final String DIGESTS = "distribution.properties";

    private final Path storage;
    private final Path plugins;
    private final Distribution distribution;
    private final Map<String, String> extraProperties;
    private final List<HostService<?>> hostServices;
    private Framework framework;
    private StorageLock lock;

    /**
     * @param plugins the hot-deploy folder, or null for none
     * @param extraProperties further framework properties; they win over the defaults
     */
    FrameworkLauncher(Path storage, Path plugins, Distribution distribution, Map<String, String> extraProperties,
            List<HostService<?>> hostServices) {
        this.storage = storage;
        this.plugins = plugins;
        this.distribution = distribution;
        this.extraProperties = Map.copyOf(extraProperties);
        this.hostServices = List.copyOf(hostServices);
    }

    /**
     * Starts the framework and waits until it reached the plugin level.
     *
     * @throws IOException if the storage folder is in use by another runtime or cannot be written
     * @throws BundleException if the framework or a distribution bundle cannot be installed
     */
    BundleContext start() throws BundleException, IOException, InterruptedException, TimeoutException {
        lock = StorageLock.acquire(storage);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        framework = factory.newFramework(properties());
        framework.init();
        BundleContext context = framework.getBundleContext();
        // before any bundle starts, so a plugin's component never waits for a host service
        for (HostService<?> service : hostServices) {
            service.register(context);
        }
        installDistribution(context);
        CountDownLatch started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            } else if (event.getType() == FrameworkEvent.ERROR) {
                Bundle bundle = event.getBundle();
                System.err.println("ERROR in bundle " + (bundle == null ? "?" : bundle.getSymbolicName()) + ": "
                        + (event.getThrowable() == null ? "" : event.getThrowable().getMessage()));
            }
        };
        context.addFrameworkListener(listener);
        framework.start();
        if (!started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("The runtime did not reach start level " + DistributionBundle.PLUGIN_LEVEL + " within "
                    + START_TIMEOUT.toSeconds() + " s");
        }
        return context;
    }

    Framework framework() {
        return framework;
    }

    /** Stops the framework, waits for it at most {@code timeout}, and releases the storage folder. */
    synchronized void stop(Duration timeout) throws BundleException, InterruptedException, IOException {
        try {
            if (framework != null && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(timeout.toMillis());
            }
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.resolve("framework").toString());
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(DistributionBundle.PLUGIN_LEVEL));
        properties.put("felix.startlevel.bundle", String.valueOf(DistributionBundle.PLUGIN_LEVEL));
        properties.put("prsm.storage", storage.toString());
        // Event Admin prints its warnings to the console when no LogService is installed, including
        // a harmless one on every shutdown; errors still show, and -D...LogLevel=2 brings warnings back.
        properties.put(EVENT_ADMIN_LOG_LEVEL, System.getProperty(EVENT_ADMIN_LOG_LEVEL, "1"));
        properties.put(EVENT_ADMIN_TIMEOUT, "5000");
        // Felix otherwise answers a bundle's class and resource lookups made from JDK code (such as
        // ServiceLoader) from the application's class path: an application with SLF4J on it would
        // hand the runtime's SLF4J a provider of the application's, which it cannot use, and every
        // log line of the runtime would go nowhere. SPI Fly wires service loaders between bundles.
        properties.put("felix.bootdelegation.implicit", "false");
        // the HTTP API is for this machine only: a remote caller needs a reverse proxy the operator sets up
        properties.put("org.apache.felix.http.host", "127.0.0.1");
        // a client that stops sending (in the middle of a request, or between requests) is cut off after this
        properties.put(HTTP_IDLE_TIMEOUT, System.getProperty(HTTP_IDLE_TIMEOUT, "30000"));
        if (plugins != null) {
            properties.put("prsm.plugins.dir", plugins.toString());
        }
        properties.putAll(extraProperties);
        return properties;
    }

    /**
     * Installs each distribution bundle that is missing, updates one whose content changed since
     * the last run, and uninstalls one the distribution no longer ships. Plugins are not touched.
     */
    private void installDistribution(BundleContext context) throws BundleException, IOException {
        Properties digests = loadDigests();
        Set<String> shipped = new HashSet<>();
        for (DistributionBundle shippedBundle : distribution.bundles()) {
            shipped.add(shippedBundle.location());
            Bundle bundle = context.getBundle(shippedBundle.location());
            if (bundle == null) {
                bundle = context.installBundle(shippedBundle.location(), stream(shippedBundle));
            } else if (!shippedBundle.digest().equals(digests.getProperty(shippedBundle.location()))) {
                bundle.update(stream(shippedBundle));
            }
            digests.setProperty(shippedBundle.location(), shippedBundle.digest());
            bundle.adapt(BundleStartLevel.class).setStartLevel(shippedBundle.startLevel());
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        for (Bundle bundle : List.of(context.getBundles())) {
            if (bundle.getLocation().startsWith("prsm:dist/") && !shipped.contains(bundle.getLocation())) {
                digests.remove(bundle.getLocation());
                bundle.uninstall();
            }
        }
        saveDigests(digests);
    }

    private static InputStream stream(DistributionBundle bundle) {
        return new ByteArrayInputStream(bundle.content());
    }

    private Properties loadDigests() throws IOException {
        Properties digests = new Properties();
        Path file = storage.resolve(DIGESTS);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                digests.load(in);
            } catch (IllegalArgumentException corrupt) {
                // unreadable digests only cost a reinstall-by-update of the distribution
                digests.clear();
            }
        }
        return digests;
    }

    private void saveDigests(Properties digests) throws IOException {
        Path temp = storage.resolve(DIGESTS + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            digests.store(out, "SHA-256 of the distribution bundles last installed");
        }
        Files.move(temp, storage.resolve(DIGESTS), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
