package io.prsm.runtime.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.runtime.PluginInfo;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.limits.JarDownload;
import io.prsm.limits.JarInspector;
import io.prsm.limits.Quote;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.runtime.storage.PluginIdentities;

/**
 * Installs, starts, stops and uninstalls plugin bundles, and purges what is kept for a plugin id.
 * An install is checked ({@link InstallChecks}) before anything is installed, waits for the plugin
 * to become active and takes it out again, with the reason, when it does not; a refused install is
 * audited.
 *
 * <p>Concurrent semantics: thread-safe. Installs and purges are serialized, so two installs of one
 * plugin id cannot race; everything else relies on the framework's and the records' own locking.
 */
final class PluginInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(PluginInstaller.class);

    private final BundleContext context;
    private final ManifestValidator validator;
    private final JarInspector inspector;
    private final JarDownload download;
    private final PluginExtender extender;
    private final InstallChecks checks;
    private final PluginLookup lookup;
    private final PluginIdentities identities;
    private final PluginConfigurations configurations;
    private final PlatformAudit audit;
    /** How long a plugin may take to become active. */
    private final Duration timeout;
    private final Object installLock = new Object();

    PluginInstaller(BundleContext context, ManifestValidator validator, JarInspector inspector, JarDownload download,
            PluginExtender extender, InstallChecks checks, PluginLookup lookup, PluginIdentities identities,
            PluginConfigurations configurations, PlatformAudit audit, Duration timeout) {
        this.context = context;
        this.validator = validator;
        this.inspector = inspector;
        this.download = download;
        this.extender = extender;
        this.checks = checks;
        this.lookup = lookup;
        this.identities = identities;
        this.configurations = configurations;
        this.audit = audit;
        this.timeout = timeout;
    }

    /** A refused install (a hot-deployed jar's included) is audited with the location it was asked for. */
    PluginInfo install(String location, String sha256) throws PluginOperationException {
        // the audit entry's plugin: the id the manifest gives, else the jar's file name
        java.util.concurrent.atomic.AtomicReference<String> target = new java.util.concurrent.atomic.AtomicReference<>(
                JarTarget.fileName(location));
        try {
            return installChecked(location, sha256, target);
        } catch (PluginOperationException refused) {
            audit.denied(target.get(), -1, "lifecycle", "install " + Quote.prefix(String.valueOf(location), 300),
                    refused.getMessage());
            throw refused;
        }
    }

    private PluginInfo installChecked(String location, String sha256,
            java.util.concurrent.atomic.AtomicReference<String> target) throws PluginOperationException {
        PluginJar jar = PluginJar.read(location, sha256, inspector, download);
        ManifestCheck check = validator.check(jar.headers());
        if (check.descriptor() != null && !check.descriptor().pluginId().isEmpty()) {
            target.set(Quote.prefix(check.descriptor().pluginId()));
        }
        List<String> problems = checks.problems(jar, check);
        if (!problems.isEmpty()) {
            throw new PluginOperationException("Refused " + jar.location() + ":" + InstallChecks.bullets(problems));
        }
        String pluginId = check.descriptor().pluginId();
        synchronized (installLock) {
            checks.refuseDuplicate(jar, pluginId);
            Bundle bundle;
            try {
                bundle = context.installBundle(jar.location(), new ByteArrayInputStream(jar.content()));
            } catch (BundleException e) {
                throw new PluginOperationException("Could not install " + jar.location() + ": " + InstallChecks.causes(e));
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                if (ResolutionFailure.waitsForPermission(e)) {
                    // only the operator's policy stands in the way: keep it, so a grant and prsm:start suffice
                    String reason = "It requires a permission the policy does not grant: " + e.getMessage()
                            + " Grant it in policy.json, run prsm:policy reload, then prsm:start " + pluginId + ".";
                    extender.byBundleId(bundle.getBundleId()).ifPresent(record -> record.awaitGrant(reason));
                    throw new PluginOperationException("Plugin '" + pluginId + "' is installed as bundle "
                            + bundle.getBundleId() + " but does not resolve. " + reason);
                }
                uninstallQuietly(bundle);
                throw new PluginOperationException("Refused plugin '" + pluginId + "': it does not resolve. "
                        + e.getMessage() + ResolutionFailure.hint(e));
            }
            PluginRecord record = awaitActive(bundle, pluginId);
            if (record.state() != PluginState.ACTIVE) {
                String reason = reasonNotActive(record, false);
                uninstallQuietly(bundle);
                throw new PluginOperationException("Refused plugin '" + pluginId + "': " + reason);
            }
            LOG.info("Installed plugin '{}' {} as bundle {}", pluginId, check.descriptor().version(),
                    bundle.getBundleId());
            return record.info();
        }
    }

    PluginInfo start(String plugin) throws PluginOperationException {
        PluginRecord record = lookup.find(plugin);
        if (!record.check().valid()) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' cannot start: " + record.lastError()
                    + " Fix it and install it again.");
        }
        Bundle bundle = record.bundle();
        try {
            if (record.isFailed() && bundle.getState() == Bundle.ACTIVE) {
                // failed or quarantined while its bundle runs: a restart gives it a fresh instance
                bundle.stop(Bundle.STOP_TRANSIENT);
            }
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not start: " + e.getMessage()
                    + (e instanceof BundleException be ? ResolutionFailure.hint(be) : ""));
        }
        PluginRecord current = awaitActive(bundle, record.pluginId());
        if (current.state() != PluginState.ACTIVE) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not become active: "
                    + reasonNotActive(current, true));
        }
        return current.info();
    }

    PluginInfo stop(String plugin) throws PluginOperationException {
        PluginRecord record = lookup.find(plugin);
        try {
            record.bundle().stop();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' did not stop cleanly: "
                    + e.getMessage());
        }
        return record.info();
    }

    void uninstall(String plugin) throws PluginOperationException {
        PluginRecord record = lookup.find(plugin);
        Bundle bundle = record.bundle();
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' could not be uninstalled: "
                    + e.getMessage());
        }
        refresh(bundle);
        LOG.info("Uninstalled plugin '{}' (bundle {})", record.pluginId(), bundle.getBundleId());
    }

    String purge(String pluginId) throws PluginOperationException {
        String id = pluginId == null ? "" : pluginId.trim();
        if (!id.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new PluginOperationException("'" + Quote.prefix(id) + "' is not a plugin id (a lower-case letter, then lower-case "
                    + "letters, digits and dashes).");
        }
        synchronized (installLock) {
            for (PluginRecord installed : extender.byPluginId(id)) {
                throw new PluginOperationException("Plugin '" + id + "' is installed as bundle "
                        + installed.bundle().getBundleId() + "; uninstall it and purge its data with prsm:uninstall "
                        + id + " --purge.");
            }
            List<String> deleted = new java.util.ArrayList<>();
            try {
                if (identities.purge(id)) {
                    deleted.add("its stored data and the record of the bundle it belonged to ("
                            + identities.folder(id) + ")");
                }
                if (configurations.deleteOverrides(id)) {
                    deleted.add("its configuration overrides");
                }
            } catch (IOException | io.prsm.runtime.config.ConfigurationException e) {
                throw new PluginOperationException("Plugin id '" + id + "' could not be purged completely: "
                        + e.getMessage() + ". Remove " + identities.folder(id) + " by hand if it remains.");
            }
            if (deleted.isEmpty()) {
                throw new PluginOperationException("Nothing is kept for plugin id '" + id + "'; there is nothing to "
                        + "purge.");
            }
            LOG.info("Purged plugin id '{}': {}", id, deleted);
            audit.granted(id, -1, "identity", "purge", "the operator purged " + String.join("; ", deleted));
            return "purged " + id + ": " + String.join("; ", deleted);
        }
    }

    private PluginRecord awaitActive(Bundle bundle, String pluginId) throws PluginOperationException {
        PluginRecord record = extender.byBundleId(bundle.getBundleId()).orElseThrow(() -> new PluginOperationException(
                "Bundle " + bundle.getBundleId() + " is not tracked as plugin '" + pluginId + "'."));
        // the record read its state when the bundle was installed or last changed, before start() marked it
        // to be started: below the bundle's start level start() changes nothing else and sends no event,
        // so without this an install before the framework reached the plugin level read as "stopped"
        record.bundleChanged();
        try {
            record.awaitSettled(timeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginOperationException("Interrupted while waiting for plugin '" + pluginId + "' to start.");
        }
        return record;
    }

    /** Why the plugin is not active; {@code kept} when its bundle stays installed, so scr:list can look at it. */
    private String reasonNotActive(PluginRecord record, boolean kept) {
        if (record.state() == PluginState.FAILED && record.lastError() != null) {
            return record.lastError();
        }
        if (record.state() == PluginState.INITIALIZED) {
            return "its initialize did not return within " + timeout.toSeconds()
                    + " s. A plugin must not block in initialize; start background work on its own threads.";
        }
        Bundle bundle = record.bundle();
        long seconds = timeout.toSeconds();
        if (bundle.getState() == Bundle.ACTIVE) {
            return "its bundle started but registered no io.prsm.api.Plugin service within " + seconds + " s. A "
                    + "Declarative Services plugin waits for the services it references: "
                    + (kept ? "run scr:list " + bundle.getBundleId() + " to see its component's id and state, then "
                            + "scr:info with that id."
                            : "check that an installed bundle offers each one (its @Reference fields, or "
                            + "OSGI-INF/*.xml in the jar).");
        }
        int bundleLevel = bundle.adapt(BundleStartLevel.class).getStartLevel();
        int frameworkLevel = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        if (bundleLevel > frameworkLevel) {
            return "its bundle has start level " + bundleLevel + " and the framework is at start level "
                    + frameworkLevel + ", so it did not start within " + seconds + " s. " + again(kept, record)
                    + " once the runtime has started.";
        }
        return "its bundle is " + bundleState(bundle.getState()) + ", not active: it was stopped while it "
                + "started (by another command or the runtime stopping). " + again(kept, record) + ".";
    }

    private static String again(boolean kept, PluginRecord record) {
        return kept ? "Start it again with prsm:start " + record.pluginId() : "Install it again";
    }

    private static String bundleState(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + state;
        };
    }

    private void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
            refresh(bundle);
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Could not uninstall refused bundle {}", bundle.getBundleId(), e);
        }
    }

    /** Drops the uninstalled revision now instead of at the next refresh, so its class loader can go. */
    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.refreshBundles(Set.of(bundle));
    }
}
