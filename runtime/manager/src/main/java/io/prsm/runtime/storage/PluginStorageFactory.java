package io.prsm.runtime.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.prsm.api.PluginStorage;
import io.prsm.platform.PlatformActs;

/**
 * Gives each plugin bundle its own {@link PluginStorage} in {@code <root>/<plugin id>/data}. A
 * bundle that is not a valid plugin gets none (the framework then reports that no service could
 * be obtained). The data area is keyed by plugin id, so it outlives a bundle that is reinstalled.
 *
 * <p>Concurrent semantics: thread-safe; the framework caches one store per bundle.
 */
public final class PluginStorageFactory implements ServiceFactory<PluginStorage> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginStorageFactory.class);

    private final Path root;
    private final Function<Bundle, StorageGrant> grants;
    private final StorageCipher cipher;

    /**
     * @param grants the plugin id and quota of a bundle, or null when it is no valid plugin
     * @param cipher how values are kept on disk
     */
    public PluginStorageFactory(Path root, Function<Bundle, StorageGrant> grants, StorageCipher cipher) {
        this.root = root;
        this.grants = grants;
        this.cipher = cipher;
    }

    @Override
    public PluginStorage getService(Bundle bundle, ServiceRegistration<PluginStorage> registration) {
        StorageGrant grant = grants.apply(bundle);
        if (grant == null) {
            LOG.warn("Bundle {} ({}) asked for PluginStorage but is not a valid plugin; it gets none.",
                    bundle.getBundleId(), bundle.getSymbolicName());
            return null;
        }
        try {
            // opened when the plugin first asks for it, maybe from its own code: the platform's act
            return new PlatformStorage(PlatformActs.call(() -> new FilePluginStorage(grant.pluginId(),
                    root.resolve(grant.pluginId()).resolve("data"), grant.quotaBytes(), cipher)));
        } catch (IOException e) {
            LOG.error("Cannot open the storage of plugin '{}' in {}", grant.pluginId(), root, e);
            return null;
        }
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<PluginStorage> registration, PluginStorage service) {
        // nothing is held open between calls
    }
}
