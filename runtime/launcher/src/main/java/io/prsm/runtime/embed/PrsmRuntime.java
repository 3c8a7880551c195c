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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.agent.SelfAttach;
import io.prsm.api.PluginResponse;
import io.prsm.api.ServiceProperties;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.api.runtime.SwapReport;
import io.prsm.limits.JarLimits;
import io.prsm.limits.JsonLimits;
import io.prsm.limits.Settings;
import io.prsm.limits.TaskSettings;

/**
 * A PRSM runtime inside a plain Java application: an OSGi framework on a storage folder with the
 * gatekeeper, the plugin manager and the platform services, driven through the typed
 * {@link PluginManager} without any shell.
 *
 * <pre>
 * try (PrsmRuntime prsm = PrsmRuntime.builder(Path.of("prsm-data")).start()) {
 *     PluginInfo plugin = prsm.install(Path.of("advanced-analytics.jar"));
 *     PluginResponse answer = prsm.execute(plugin.pluginId(), new Task("calculate_metrics", Map.of()));
 * }
 * </pre>
 *
 * The application and the plugins share the {@code io.prsm.api} classes: the framework's system
 * bundle exports them from the application's class path (the API bundle of the distribution is
 * not installed), so a {@link PluginResponse} a plugin returns is the application's type too.
 *
 * <p>Concurrent semantics: thread-safe; {@link #close} may be called from any thread, also twice.
 */
public final class PrsmRuntime implements AutoCloseable {

    /** How long {@link #close} waits for the framework to stop. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final FrameworkLauncher launcher;
    private final BundleContext context;
    private final ServiceTracker<PluginManager, PluginManager> manager;
    private final ServiceTracker<RuntimeStatistics, RuntimeStatistics> statistics;
    private final Thread shutdownHook;
    private final boolean httpEnabled;

    private PrsmRuntime(FrameworkLauncher launcher, BundleContext context,
            ServiceTracker<PluginManager, PluginManager> manager,
            ServiceTracker<RuntimeStatistics, RuntimeStatistics> statistics, Thread shutdownHook, boolean httpEnabled) {
        this.httpEnabled = httpEnabled;
        this.launcher = launcher;
        this.context = context;
        this.manager = manager;
        this.statistics = statistics;
        this.shutdownHook = shutdownHook;
    }

    /** A runtime whose bundle cache, plugin data, policy and audit log live in {@code storage}. */
    public static Builder builder(Path storage) {
        return new Builder(storage);
    }

    /** The plugin manager: list, install, start, stop, uninstall, swap, execute, validate, configure. */
    public PluginManager plugins() {
        return require(manager, "plugin manager");
    }

    /** Measurements of the runtime and its plugins. */
    public RuntimeStatistics statistics() {
        return require(statistics, "runtime statistics");
    }

    /** Validates, installs and starts the plugin jar at {@code jar}; see {@link PluginManager#install}. */
    public PluginInfo install(Path jar) throws PluginOperationException {
        return plugins().install(jar.toAbsolutePath().toString());
    }

    /** Replaces {@code plugin} by the jar at {@code jar} while tasks keep flowing; see {@link PluginManager#swap}. */
    public SwapReport swap(String plugin, Path jar) throws PluginOperationException {
        return plugins().swap(plugin, jar.toAbsolutePath().toString());
    }

    /**
     * Runs {@code task} on {@code plugin} and waits for its answer. The runtime answers every task
     * it accepted, at the latest when the task times out ({@code prsm.task.timeout}), so this does
     * not wait forever.
     *
     * @throws PluginOperationException if there is no such plugin
     */
    public PluginResponse execute(String plugin, Task task) throws PluginOperationException, InterruptedException {
        try {
            return plugins().execute(plugin, task).toCompletableFuture().get();
        } catch (ExecutionException impossible) {
            // the manager completes every stage with a response, failures included
            throw new IllegalStateException("The runtime failed the task instead of answering it", impossible.getCause());
        }
    }

    /**
     * The URL the HTTP API listens on (with the port actually bound, also for port 0), or empty if
     * the runtime has no HTTP API or it did not come up within {@code timeout}, for example because
     * its port was taken.
     */
    public Optional<String> httpUrl(Duration timeout) throws InterruptedException {
        return httpEnabled ? HttpEndpoint.await(context, timeout) : Optional.empty();
    }

    /** The framework's system bundle context, for a host that needs OSGi itself (trackers, listeners). */
    public BundleContext bundleContext() {
        return context;
    }

    /** Waits until the framework stops, for example after {@code stop 0} in the shell or {@link #close}. */
    public void awaitStop() throws InterruptedException {
        launcher.framework().waitForStop(0);
    }

    /**
     * Stops every plugin and the framework, waiting at most {@link #STOP_TIMEOUT}, and releases the
     * storage folder. Interrupted while waiting, it releases the folder, keeps the thread's
     * interrupt status and returns while the framework finishes stopping on its own.
     */
    @Override
    public void close() throws BundleException, IOException {
        manager.close();
        statistics.close();
        try {
            launcher.stop(STOP_TIMEOUT);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            removeShutdownHook(shutdownHook);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook is stopping the runtime already
        }
    }

    private static <S> S require(ServiceTracker<S, S> tracker, String what) {
        S service = tracker.getService();
        if (service == null) {
            throw new IllegalStateException("The " + what + " is not running: the runtime was stopped, or its "
                    + "distribution has no io.prsm.runtime bundle");
        }
        return service;
    }

    /**
     * What a {@link PrsmRuntime} is made of. Only the storage folder is required; by default the
     * runtime has no hot-deploy folder, no HTTP API and no interactive shell, and takes its
     * bundles from the {@code prsm.jar} on the class path.
     *
     * <p>Concurrent semantics: not thread-safe; build on one thread.
     */
    public static final class Builder {

        private static final String HTTP_PORT = "org.osgi.service.http.port";
        private static final String HTTP_ENABLE = "org.apache.felix.http.enable";
        private static final Duration AGENT_ATTACH_TIMEOUT = Duration.ofSeconds(30);

        private final Path storage;
        private final Map<String, String> properties = new HashMap<>();
        private final List<HostService<?>> hostServices = new ArrayList<>();
        private final Set<String> hostPackages = new LinkedHashSet<>();
        private Path plugins;
        private Path policy;
        private Distribution distribution;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private boolean stopOnShutdown;
        private LogSettings logging = LogSettings.DEFAULT;
        private boolean attachAgent = true;

        private Builder(Path storage) {
            this.storage = storage.toAbsolutePath();
            httpPort(-1);
        }

        /** Installs every jar in {@code folder} and follows it: jars dropped later are installed, removed ones uninstalled. */
        public Builder pluginsFolder(Path folder) {
            this.plugins = folder.toAbsolutePath();
            return this;
        }

        /**
         * The operator's policy ({@code policy.json}: levels, permissions, trusted plugins, tokens)
         * read from {@code file} instead of the storage folder's {@code policy.json}; {@code prsm:policy
         * reload} reads it again. The file must exist.
         */
        public Builder policy(Path file) {
            this.policy = file.toAbsolutePath();
            return this;
        }

        /** The bundles to run; by default those in the {@code prsm.jar} this class was loaded from. */
        public Builder distribution(Distribution bundles) {
            this.distribution = bundles;
            return this;
        }

        /** The HTTP API on {@code port} of 127.0.0.1: 0 any free port, -1 (the default) none. */
        public Builder httpPort(int port) {
            if (port < -1 || port > 65_535) {
                throw new IllegalArgumentException("The HTTP port must be 0 to 65535, or -1 for no HTTP API, not " + port);
            }
            properties.put(HTTP_ENABLE, String.valueOf(port >= 0));
            properties.put(HTTP_PORT, String.valueOf(Math.max(port, 0)));
            return this;
        }

        /** A framework property, for example {@code prsm.task.timeout} or {@code prsm.storage.encrypt}. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /**
         * Stops the runtime cleanly when the JVM exits (Ctrl-C, SIGTERM, {@code System.exit}), also
         * while it is still starting; the hook is removed again by {@link PrsmRuntime#close}.
         */
        public Builder stopOnShutdown(boolean enabled) {
            this.stopOnShutdown = enabled;
            return this;
        }

        /**
         * Where and how much the runtime logs (see {@link LogSettings}); by default WARN and up on
         * standard error and INFO and up in {@code logs/prsm.log} of the storage folder.
         */
        public Builder logging(LogSettings settings) {
            this.logging = settings;
            return this;
        }

        /**
         * Whether {@link #start} loads the entitlement agent into this JVM when the host did not
         * ({@code -javaagent}), through a short-lived helper JVM that attaches it (default: yes).
         * Without the agent no untrusted plugin runs unless the policy accepts install-time checks
         * only; see docs/embedding.md.
         */
        public Builder attachAgent(boolean enabled) {
            this.attachAgent = enabled;
            return this;
        }

        /** How long {@link #start} waits for the runtime and the installed plugins to be ready (60 s). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Offers {@code service} to every plugin as a {@code type} service. Plugins use it with a
         * Declarative Services reference like any other; the package of {@code type} is exported by
         * the framework, and untrusted plugins may wire to it only if the policy lists it under
         * {@code levels.<level>.packages}.
         */
        public <S> Builder hostService(Class<S> type, S service) {
            return hostService(type, service, Map.of(ServiceProperties.OFFERED_TO_PLUGINS, Boolean.TRUE));
        }

        /**
         * Offers {@code service} only to plugins that hold {@code permission}, a permission the
         * policy defines (trusted plugins see it regardless).
         */
        public <S> Builder hostService(Class<S> type, S service, String permission) {
            return hostService(type, service, Map.of(ServiceProperties.PERMISSION, permission));
        }

        private <S> Builder hostService(Class<S> type, S service, Map<String, Object> serviceProperties) {
            HostService<S> offered = new HostService<>(type, service, serviceProperties);
            hostServices.add(offered);
            if (offered.packageToExport() != null) {
                hostPackages.add(offered.packageToExport());
            }
            return this;
        }

        /**
         * Starts the framework and waits until the plugin manager runs, the plugins folder is
         * installed and the plugins kept from the last run have started.
         *
         * @throws IOException if the storage folder is in use by another runtime, it or the plugins
         *         folder is not a folder that can be written, the policy file is missing, or the
         *         distribution is incomplete
         * @throws IllegalArgumentException naming a limit or setting ({@code prsm.jar.*},
         *         {@code prsm.json.*}, {@code prsm.policy.maxBytes}, {@code prsm.task.*},
         *         {@code prsm.http.*}) whose value does not parse
         * @throws BundleException if the framework or a distribution bundle cannot be installed
         * @throws TimeoutException if the runtime is not ready within the ready timeout
         */
        public PrsmRuntime start() throws IOException, BundleException, InterruptedException, TimeoutException {
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
            BundleContext context;
            try {
                context = launcher.start();
                new Readiness(context, readyTimeout).await(bundles);
            } catch (IOException | BundleException | InterruptedException | TimeoutException | RuntimeException e) {
                stopAfterFailure(launcher, e);
                removeShutdownHook(shutdownHook);
                throw e;
            }
            ServiceTracker<PluginManager, PluginManager> manager = new ServiceTracker<>(context, PluginManager.class, null);
            ServiceTracker<RuntimeStatistics, RuntimeStatistics> statistics = new ServiceTracker<>(context,
                    RuntimeStatistics.class, null);
            manager.open();
            statistics.open();
            return new PrsmRuntime(launcher, context, manager, statistics, shutdownHook,
                    Boolean.parseBoolean(properties.get(HTTP_ENABLE)));
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
            java.util.function.Function<String, String> property = name -> properties.containsKey(name)
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
                launcher.stop(STOP_TIMEOUT);
            } catch (BundleException | InterruptedException | IOException | RuntimeException e) {
                System.err.println("The PRSM runtime did not stop cleanly: " + e.getMessage());
            }
        }

        private static void stopAfterFailure(FrameworkLauncher launcher, Exception failure) {
            try {
                launcher.stop(STOP_TIMEOUT);
            } catch (BundleException | InterruptedException | IOException | RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
        }
    }
}
