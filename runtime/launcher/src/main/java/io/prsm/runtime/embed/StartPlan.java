package io.prsm.runtime.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

import io.prsm.agent.SelfAttach;
import io.prsm.limits.JarLimits;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Settings;
import io.prsm.limits.TaskSettings;

/**
 * What a {@link PrsmRuntime.Builder} collected, and the start it describes: the checks that refuse
 * a bad setting in one line, the agent, the framework's properties, the framework's start with the
 * shutdown hook, and the wait for the runtime to be ready. The builder is the public face; this is
 * the sequence, kept apart so each reads in one sitting.
 *
 * <p>Concurrent semantics: not thread-safe; filled and started on one thread, as the builder is.
 */
final class StartPlan {

    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    private static final Duration AGENT_ATTACH_TIMEOUT = Duration.ofSeconds(30);

    final Path storage;
    final Map<String, String> properties = new HashMap<>();
    final List<HostService<?>> hostServices = new ArrayList<>();
    final Set<String> hostPackages = new LinkedHashSet<>();
    Path plugins;
    Path policy;
    Distribution distribution;
    Duration readyTimeout = Duration.ofSeconds(60);
    boolean stopOnShutdown;
    LogSettings logging = LogSettings.DEFAULT;
    boolean attachAgent = true;

    StartPlan(Path storage) {
        this.storage = storage.toAbsolutePath();
    }

    /** A framework that started and is ready, and the hook that stops it when the JVM exits (or null). */
    record Started(FrameworkLauncher launcher, BundleContext context, Thread shutdownHook) {
    }

    /** Whether the runtime serves the HTTP API. */
    boolean httpEnabled() {
        return Boolean.parseBoolean(properties.get(HTTP_ENABLE));
    }

    /** See {@link PrsmRuntime.Builder#start}, whose contract this carries out. */
    Started start() throws IOException, BundleException, InterruptedException, TimeoutException {
        if (policy != null && !Files.isRegularFile(policy)) {
            throw new NoSuchFileException(policy.toString(), null, "the policy file does not exist");
        }
        StorageFolders.requireUsable(storage, "The storage folder");
        if (plugins != null) {
            StorageFolders.requireUsable(plugins, "The plugins folder");
        }
        checkLimits();
        if (attachAgent) {
            SelfAttach.Outcome agent = SelfAttach.ensureLoaded(AGENT_ATTACH_TIMEOUT);
            if (!agent.loaded()) {
                System.err.println("PRSM: the entitlement agent could not be attached (" + agent.detail()
                        + "); start the JVM with -javaagent:prsm-agent.jar");
            }
        }
        Distribution bundles = distribution != null ? distribution : Distribution.locate();
        Optional<String> api = ApiPackages.exportedBy(bundles);
        Map<String, String> framework = new HashMap<>(properties);
        framework.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackages(api, properties
                .get(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA)));
        if (policy != null) {
            framework.put("prsm.policy", policy.toString());
        }
        Files.createDirectories(storage);
        logging.apply(storage, "false".equals(properties.get(HTTP_ENABLE)));
        if (plugins != null) {
            Files.createDirectories(plugins);
        }
        FrameworkLauncher launcher = new FrameworkLauncher(storage, plugins,
                api.isPresent() ? bundles.without(bundle -> bundle.symbolicName().equals(ApiPackages.API_BUNDLE))
                        : bundles,
                framework, hostServices);
        // registered before the framework starts, so an exit during the start stops it cleanly too
        Thread shutdownHook = stopOnShutdown ? new Thread(() -> stopOnExit(launcher), "prsm-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        try {
            BundleContext context = launcher.start();
            new Readiness(context, readyTimeout).await(bundles);
            return new Started(launcher, context, shutdownHook);
        } catch (IOException | BundleException | InterruptedException | TimeoutException | RuntimeException e) {
            stopAfterFailure(launcher, e);
            removeShutdownHook(shutdownHook);
            throw e;
        }
    }

    /** Removes {@code hook} (null: none) unless the JVM is exiting and it runs already. */
    static void removeShutdownHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook is stopping the runtime already
        }
    }

    /**
     * Packages the system bundle exports beyond the JDK's: the extended management beans (per-task
     * allocated bytes), the PRSM API, the packages of host service types, and what the application set.
     */
    private String systemPackages(Optional<String> api, String configured) {
        List<String> packages = new ArrayList<>();
        packages.add("com.sun.management");
        // the entitlement bridge: on the boot class path with the agent, else on the class path, unused
        packages.add("io.prsm.bridge");
        api.ifPresent(packages::add);
        packages.addAll(hostPackages);
        if (configured != null && !configured.isBlank()) {
            packages.add(configured);
        }
        return String.join(",", packages);
    }

    /**
     * Reads the input limits, the task settings ({@code prsm.task.*}) and the HTTP API's limits
     * as the runtime's bundles will, so a value that does not parse is refused here, in one
     * line, instead of failing a bundle's start with a stack trace and a wait for it.
     */
    private void checkLimits() {
        Function<String, String> property = name -> properties.containsKey(name)
                ? properties.get(name) : System.getProperty(name);
        JarLimits.from(property);
        JsonLimits.from(property);
        Settings.size(property, "prsm.policy.maxBytes", 1);
        TaskSettings.from(property);
        Settings.size(property, "prsm.http.maxBody", 1);
        Settings.duration(property, "prsm.http.bodyTimeout", Duration.ofSeconds(1));
        Settings.duration(property, "prsm.http.headerTimeout", Duration.ofSeconds(1));
        int connections = Settings.count(property, "prsm.http.maxConnections", 1);
        if (connections < 1) {
            throw new IllegalArgumentException("prsm.http.maxConnections must be at least 1, not " + connections);
        }
    }

    /** Standard error is all that is left to report on while the JVM exits. */
    private static void stopOnExit(FrameworkLauncher launcher) {
        try {
            launcher.stop(PrsmRuntime.STOP_TIMEOUT);
        } catch (BundleException | InterruptedException | IOException | RuntimeException e) {
            System.err.println("The PRSM runtime did not stop cleanly: " + e.getMessage());
        }
    }

    private static void stopAfterFailure(FrameworkLauncher launcher, Exception failure) {
        try {
            launcher.stop(PrsmRuntime.STOP_TIMEOUT);
        } catch (BundleException | InterruptedException | IOException | RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }
}
