package io.prsm.runtime.embed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;

import io.prsm.api.PluginResponse;
import io.prsm.api.ServiceProperties;
import io.prsm.api.Task;
import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.RuntimeStatistics;
import io.prsm.api.runtime.SwapReport;
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

    private PrsmRuntime(StartPlan.Started started, boolean httpEnabled) {
        this.httpEnabled = httpEnabled;
        this.launcher = started.launcher();
        this.context = started.context();
        this.shutdownHook = started.shutdownHook();
        this.manager = new ServiceTracker<>(context, PluginManager.class, null);
        this.statistics = new ServiceTracker<>(context, RuntimeStatistics.class, null);
        manager.open();
        statistics.open();
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
            StartPlan.removeShutdownHook(shutdownHook);
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

        private final StartPlan plan;

        private Builder(Path storage) {
            this.plan = new StartPlan(storage);
            httpPort(-1);
        }

        /** Installs every jar in {@code folder} and follows it: jars dropped later are installed, removed ones uninstalled. */
        public Builder pluginsFolder(Path folder) {
            plan.plugins = folder.toAbsolutePath();
            return this;
        }

        /**
         * The operator's policy ({@code policy.json}: levels, permissions, trusted plugins, tokens)
         * read from {@code file} instead of the storage folder's {@code policy.json}; {@code prsm:policy
         * reload} reads it again. The file must exist.
         */
        public Builder policy(Path file) {
            plan.policy = file.toAbsolutePath();
            return this;
        }

        /** The bundles to run; by default those in the {@code prsm.jar} this class was loaded from. */
        public Builder distribution(Distribution bundles) {
            plan.distribution = bundles;
            return this;
        }

        /** The HTTP API on {@code port} of 127.0.0.1: 0 any free port, -1 (the default) none. */
        public Builder httpPort(int port) {
            if (port < -1 || port > 65_535) {
                throw new IllegalArgumentException("The HTTP port must be 0 to 65535, or -1 for no HTTP API, not " + port);
            }
            plan.properties.put(StartPlan.HTTP_ENABLE, String.valueOf(port >= 0));
            plan.properties.put(StartPlan.HTTP_PORT, String.valueOf(Math.max(port, 0)));
            return this;
        }

        /** A framework property, for example {@code prsm.task.timeout} or {@code prsm.storage.encrypt}. */
        public Builder property(String name, String value) {
            plan.properties.put(name, value);
            return this;
        }

        /**
         * Stops the runtime cleanly when the JVM exits (Ctrl-C, SIGTERM, {@code System.exit}), also
         * while it is still starting; the hook is removed again by {@link PrsmRuntime#close}.
         */
        public Builder stopOnShutdown(boolean enabled) {
            plan.stopOnShutdown = enabled;
            return this;
        }

        /**
         * Where and how much the runtime logs (see {@link LogSettings}); by default WARN and up on
         * standard error and INFO and up in {@code logs/prsm.log} of the storage folder.
         */
        public Builder logging(LogSettings settings) {
            plan.logging = settings;
            return this;
        }

        /**
         * Whether {@link #start} loads the entitlement agent into this JVM when the host did not
         * ({@code -javaagent}), through a short-lived helper JVM that attaches it (default: yes).
         * Without the agent no untrusted plugin runs unless the policy accepts install-time checks
         * only; see docs/embedding.md.
         */
        public Builder attachAgent(boolean enabled) {
            plan.attachAgent = enabled;
            return this;
        }

        /** How long {@link #start} waits for the runtime and the installed plugins to be ready (60 s). */
        public Builder readyTimeout(Duration timeout) {
            plan.readyTimeout = timeout;
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
            plan.hostServices.add(offered);
            if (offered.packageToExport() != null) {
                plan.hostPackages.add(offered.packageToExport());
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
            return new PrsmRuntime(plan.start(), plan.httpEnabled());
        }
    }
}
