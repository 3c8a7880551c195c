package io.prsm.runtime.storage;

import java.io.IOException;
import java.util.Optional;
import java.util.SortedSet;

import io.prsm.api.PluginStorage;
import io.prsm.platform.PlatformActs;

/**
 * A plugin's storage as the plugin calls it: every operation is the platform's own act
 * ({@link PlatformActs}), so an isolated plugin, which may touch no file itself, still keeps its
 * data. The keys are checked by the store, so the plugin chooses no path.
 *
 * <p>Concurrent semantics: as thread-safe as the store it wraps.
 */
final class PlatformStorage implements PluginStorage {

    private final PluginStorage store;

    PlatformStorage(PluginStorage store) {
        this.store = store;
    }

    @Override
    public Optional<String> get(String key) throws IOException {
        return PlatformActs.call(() -> store.get(key));
    }

    @Override
    public void put(String key, String value) throws IOException {
        PlatformActs.call(() -> {
            store.put(key, value);
            return null;
        });
    }

    @Override
    public boolean delete(String key) throws IOException {
        return PlatformActs.call(() -> store.delete(key));
    }

    @Override
    public SortedSet<String> keys(String prefix) throws IOException {
        return PlatformActs.call(() -> store.keys(prefix));
    }

    @Override
    public long usedBytes() throws IOException {
        return PlatformActs.call(store::usedBytes);
    }

    @Override
    public long quotaBytes() {
        return store.quotaBytes();
    }
}
