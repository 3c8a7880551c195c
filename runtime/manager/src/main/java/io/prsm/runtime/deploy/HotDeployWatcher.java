package io.prsm.runtime.deploy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginManager;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.SwapReport;

/**
 * Watches the hot-deploy folder named by the framework property {@code prsm.plugins.dir}: a jar
 * that appears is installed and started, a jar replaced in place hot-swaps its plugin (see
 * {@link PluginManager#swap}), a jar that disappears has its plugin uninstalled. On
 * start it reconciles the folder with what is installed, so changes made while the runtime was
 * down are applied too, and then registers itself with {@value #READY}{@code =true} so a batch
 * script can wait until the folder's plugins are in. File-system events (not polling) drive it;
 * a burst of events for a jar still being copied is settled before the jar is read.
 *
 * <p>Concurrent semantics: one daemon thread does all the work; activate and deactivate only
 * start and stop it.
 */
@Component(immediate = true)
public final class HotDeployWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(HotDeployWatcher.class);
    /** Events closer together than this belong to one copy of a file. */
    private static final long SETTLE_MILLIS = 300;

    /** Service property of the marker registered once the folder's jars have been installed. */
    public static final String READY = "prsm.hotdeploy.ready";

    private final BundleContext context;
    private final PluginManager plugins;
    private final Path folder;
    private final WatchService watcher;
    private final Thread thread;
    private volatile ServiceRegistration<HotDeployWatcher> ready;

    @Activate
    public HotDeployWatcher(BundleContext context, @Reference PluginManager plugins) throws IOException {
        this.context = context;
        this.plugins = plugins;
        String configured = context.getProperty("prsm.plugins.dir");
        if (configured == null || configured.isBlank()) {
            folder = null;
            watcher = null;
            thread = null;
            return;
        }
        folder = Path.of(configured).toAbsolutePath().normalize();
        WatchService watching = null;
        try {
            Files.createDirectories(folder);
            watching = FileSystems.getDefault().newWatchService();
            folder.register(watching, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException unusable) {
            // one line, and the runtime goes on without the folder: a start must not wait for it for ever
            LOG.error("Hot deploy: {} cannot be watched ({}); no plugins are deployed from it. Give a folder.", folder,
                    unusable.getMessage());
            if (watching != null) {
                watching.close();
            }
            watcher = null;
            thread = null;
            ready = context.registerService(HotDeployWatcher.class, this, readyProperties());
            return;
        }
        watcher = watching;
        thread = new Thread(this::run, "prsm-hot-deploy");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        ServiceRegistration<HotDeployWatcher> marker = ready;
        if (marker != null) {
            marker.unregister();
        }
        if (watcher != null) {
            watcher.close();
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        LOG.info("Hot deploy: watching {}", folder);
        try {
            awaitFrameworkStarted();
            reconcile();
            // a script run with --batch waits for this, so its first command sees the folder's plugins
            ready = context.registerService(HotDeployWatcher.class, this, readyProperties());
            while (true) {
                Set<Path> changed = new LinkedHashSet<>();
                collect(watcher.take(), changed);
                // wait until the folder is quiet, so a jar being copied is read once, complete
                for (WatchKey key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS); key != null;
                        key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) {
                    collect(key, changed);
                }
                changed.forEach(this::apply);
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            LOG.debug("Hot deploy: stopped watching {}", folder);
        }
    }

    /**
     * Waits until the framework has reached its beginning start level: this watcher starts below
     * the plugin level, and a plugin installed before that level is reached is only marked to start.
     */
    private void awaitFrameworkStarted() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        context.addFrameworkListener(listener);
        try {
            // the system bundle turns active just before STARTED is sent: checked after listening, nothing is missed
            if (context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.STARTING) {
                started.await();
            }
        } finally {
            context.removeFrameworkListener(listener);
        }
    }

    private static Dictionary<String, Object> readyProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(READY, Boolean.TRUE);
        return properties;
    }

    private void collect(WatchKey key, Set<Path> changed) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                reconcile();
            } else if (event.context() instanceof Path name && isJar(name)) {
                changed.add(folder.resolve(name));
            }
        }
        key.reset();
    }

    /** Installs jars that are not installed and uninstalls plugins whose jar is gone. */
    private void reconcile() {
        List<Path> sorted = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            jars.forEach(sorted::add);
        } catch (IOException e) {
            LOG.error("Hot deploy: cannot list {}: {}", folder, e.getMessage());
        }
        // by name: the same folder gets the same bundle ids on every machine (the README shows them)
        sorted.sort(Comparator.comparing(jar -> jar.getFileName().toString()));
        // one snapshot for the whole pass: each plugins.list() builds every plugin's info, and a
        // folder of many jars would otherwise pay that once per jar
        Map<String, PluginInfo> byLocation = new HashMap<>();
        for (PluginInfo plugin : plugins.list()) {
            byLocation.putIfAbsent(plugin.location(), plugin);
        }
        for (Path jar : sorted) {
            PluginInfo plugin = byLocation.get(jar.toUri().toString());
            try {
                if (plugin == null) {
                    install(jar);
                } else if (replacedSinceInstalled(plugin, jar)) {
                    swap(plugin, jar);
                }
            } catch (IOException unreadable) {
                LOG.error("Hot deploy: cannot read {}: {}", jar, unreadable.getMessage());
            }
        }
        for (PluginInfo plugin : plugins.list()) {
            Path jar = jarOf(plugin);
            if (jar != null && jar.startsWith(folder) && !Files.exists(jar)) {
                uninstall(plugin, jar);
            }
        }
    }

    private void apply(Path jar) {
        PluginInfo plugin = installed(jar);
        if (!Files.exists(jar)) {
            if (plugin != null) {
                uninstall(plugin, jar);
            }
        } else if (plugin == null) {
            install(jar);
        } else {
            swap(plugin, jar);
        }
    }

    /** A jar replaced in place: the plugin it holds is hot-swapped to the new content. */
    private void swap(PluginInfo plugin, Path jar) {
        try {
            SwapReport report = plugins.swap(String.valueOf(plugin.bundleId()), jar.toString());
            LOG.info("Hot deploy: {} replaced, plugin '{}' swapped from {} to {} (tasks held {} ms)",
                    jar.getFileName(), report.pluginId(), report.oldVersion(), report.newVersion(),
                    report.pauseMillis());
        } catch (PluginOperationException refused) {
            LOG.error("Hot deploy: {} replaced, but plugin '{}' was not swapped. {}", jar.getFileName(),
                    plugin.pluginId(), refused.getMessage());
        }
    }

    private void install(Path jar) {
        try {
            PluginInfo plugin = plugins.install(jar.toString());
            LOG.info("Hot deploy: installed plugin '{}' {} from {}", plugin.pluginId(), plugin.version(),
                    jar.getFileName());
        } catch (PluginOperationException refused) {
            if (frameworkStopping()) {
                // stopping the runtime interrupts a plugin still initializing: that is no refusal
                LOG.info("Hot deploy: the runtime stopped before {} was installed", jar.getFileName());
            } else {
                LOG.error("Hot deploy: {} was not installed. {}", jar.getFileName(), refused.getMessage());
            }
        }
    }

    /**
     * Whether the framework is stopping. While it starts (its state is STARTING, as when the
     * folder is first installed) a refusal is a refusal, not a stop.
     */
    private boolean frameworkStopping() {
        try {
            int state = context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState();
            return state != Bundle.ACTIVE && state != Bundle.STARTING;
        } catch (IllegalStateException stopped) {
            return true;
        }
    }

    private void uninstall(PluginInfo plugin, Path jar) {
        try {
            plugins.uninstall(String.valueOf(plugin.bundleId()));
            LOG.info("Hot deploy: {} was removed, plugin '{}' uninstalled", jar.getFileName(), plugin.pluginId());
        } catch (PluginOperationException e) {
            LOG.error("Hot deploy: could not uninstall plugin '{}': {}", plugin.pluginId(), e.getMessage());
        }
    }

    /**
     * Whether {@code jar} was written after its plugin's bundle was installed or last updated: a jar
     * replaced in place while the runtime was down (the file keeps its name, so only its time tells).
     */
    private boolean replacedSinceInstalled(PluginInfo plugin, Path jar) throws IOException {
        Bundle bundle = context.getBundle(plugin.bundleId());
        return bundle != null && Files.getLastModifiedTime(jar).toMillis() > bundle.getLastModified();
    }

    private PluginInfo installed(Path jar) {
        String location = jar.toUri().toString();
        return plugins.list().stream().filter(plugin -> plugin.location().equals(location)).findFirst().orElse(null);
    }

    private static Path jarOf(PluginInfo plugin) {
        if (!plugin.location().startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(java.net.URI.create(plugin.location())).normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAFile) {
            return null;
        }
    }

    private static boolean isJar(Path name) {
        return name.toString().endsWith(".jar");
    }
}
