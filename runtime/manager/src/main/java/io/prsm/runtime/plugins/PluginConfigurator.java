package io.prsm.runtime.plugins;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.ConfigurablePlugin;
import io.prsm.api.Plugin;
import io.prsm.api.runtime.ConfigValue;
import io.prsm.api.runtime.PluginOperationException;
import io.prsm.api.runtime.PluginState;
import io.prsm.runtime.config.ConfigLayers;
import io.prsm.runtime.config.ConfigurationException;
import io.prsm.runtime.config.PluginConfigurations;
import io.prsm.limits.Quote;

/**
 * Changes a plugin's configuration while it runs. A value is checked against the plugin's
 * metatype description first; a {@link ConfigurablePlugin} then gets it through
 * {@code reconfigure} and may refuse it, any other plugin is restarted with it and refuses it by
 * failing to initialize. A refused value is never kept: the previous overrides are put back.
 *
 * <p>Concurrent semantics: thread-safe; changes of one plugin are serialized on its record.
 */
final class PluginConfigurator {

    private static final Logger LOG = LoggerFactory.getLogger(PluginConfigurator.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    private final PluginConfigurations configurations;
    private final ExecutorService workers;
    private final Duration timeout;

    PluginConfigurator(PluginConfigurations configurations, ExecutorService workers, Duration timeout) {
        this.configurations = configurations;
        this.workers = workers;
        this.timeout = timeout;
    }

    List<ConfigValue> current(PluginRecord record) throws PluginOperationException {
        return load(record).effective();
    }

    List<ConfigValue> configure(PluginRecord record, String key, String value) throws PluginOperationException {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new PluginOperationException("'" + Quote.prefix(key) + "' is not a configuration key: "
                    + "use letters, digits, '_', '.' and '-', starting with a letter.");
        }
        synchronized (record.configurationLock()) {
            ConfigLayers before = load(record);
            if (value != null) {
                String problem = before.schema().problem(key, value).orElse(null);
                if (problem != null) {
                    throw refused(record, key, problem);
                }
            }
            ConfigLayers after = before.withOverride(key, value);
            apply(record, before, after);
            return after.effective();
        }
    }

    /**
     * Configuration Admin reports a change of the plugin's PID that did not come through
     * {@link #configure}: apply it, or put the values the plugin runs with back when it is refused.
     */
    void overridesChanged(PluginRecord record) {
        synchronized (record.configurationLock()) {
            ConfigLayers running = record.configuration();
            if (running == null || record.state() != PluginState.ACTIVE) {
                return;
            }
            try {
                ConfigLayers changed = load(record);
                if (changed.equals(running)) {
                    return;
                }
                List<String> problems = changed.problems();
                if (!problems.isEmpty()) {
                    throw new PluginOperationException(String.join("; ", problems));
                }
                apply(record, running, changed);
            } catch (PluginOperationException refused) {
                LOG.error("Configuration change of plugin '{}' refused, previous values restored: {}",
                        record.pluginId(), refused.getMessage());
                restore(record, running);
            }
        }
    }

    private void apply(PluginRecord record, ConfigLayers before, ConfigLayers after) throws PluginOperationException {
        Plugin instance = record.instance();
        if (record.state() != PluginState.ACTIVE || instance == null) {
            // not running: the value is checked now and given to the plugin when it next starts
            store(record, after);
            return;
        }
        if (instance instanceof ConfigurablePlugin configurable) {
            reconfigure(record, configurable, after);
            store(record, after);
            record.configured(after);
            return;
        }
        store(record, after);
        if (!restart(record)) {
            String reason = record.lastError();
            restore(record, before);
            restart(record);
            throw refused(record, "", "the plugin did not start with it (" + reason + ")");
        }
    }

    private void reconfigure(PluginRecord record, ConfigurablePlugin plugin, ConfigLayers layers)
            throws PluginOperationException {
        RuntimePluginConfig config = new RuntimePluginConfig(record.check().descriptor(), layers,
                PluginExtender.grantedPermissions(record.bundle()));
        Future<?> call = workers.submit(() -> {
            record.initializeLock().lockInterruptibly();
            try {
                plugin.reconfigure(config);
            } finally {
                record.initializeLock().unlock();
            }
            return null;
        });
        try {
            call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException refusedByPlugin) {
            throw refused(record, "", refusedByPlugin.getCause().getMessage());
        } catch (TimeoutException hanging) {
            call.cancel(true);
            throw refused(record, "", "the plugin did not answer reconfigure within " + timeout.toSeconds() + " s");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginOperationException("Interrupted while reconfiguring plugin '" + record.pluginId() + "'.");
        }
    }

    /** Restarts the plugin's bundle so a fresh instance initializes; returns whether it became active. */
    private boolean restart(PluginRecord record) throws PluginOperationException {
        Bundle bundle = record.bundle();
        try {
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.start(Bundle.START_TRANSIENT);
            return record.awaitSettled(timeout) == PluginState.ACTIVE;
        } catch (BundleException | IllegalStateException e) {
            throw new PluginOperationException("Plugin '" + record.pluginId() + "' could not be restarted with its new "
                    + "configuration: " + e.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PluginOperationException("Interrupted while restarting plugin '" + record.pluginId() + "'.");
        }
    }

    private void restore(PluginRecord record, ConfigLayers previous) {
        try {
            configurations.storeOverrides(record.pluginId(), previous.overrides());
        } catch (ConfigurationException e) {
            LOG.error("Could not restore the configuration of plugin '{}': {}", record.pluginId(), e.getMessage());
        }
    }

    private void store(PluginRecord record, ConfigLayers layers) throws PluginOperationException {
        try {
            configurations.storeOverrides(record.pluginId(), layers.overrides());
        } catch (ConfigurationException e) {
            throw new PluginOperationException(e.getMessage());
        }
    }

    private ConfigLayers load(PluginRecord record) throws PluginOperationException {
        try {
            return configurations.load(record.bundle(), record.pluginId());
        } catch (ConfigurationException e) {
            throw new PluginOperationException(e.getMessage());
        }
    }

    private static PluginOperationException refused(PluginRecord record, String key, String reason) {
        return new PluginOperationException("Refused" + (key.isEmpty() ? "" : " " + key) + " for plugin '"
                + record.pluginId() + "': " + reason + ". The previous configuration stays in force.");
    }
}
