package io.prsm.sample.hostile;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.Plugin;
import io.prsm.api.PluginConfig;
import io.prsm.api.PluginResponse;
import io.prsm.api.PluginStorage;
import io.prsm.api.PluginType;
import io.prsm.api.Task;
import io.prsm.api.annotation.PrsmPlugin;

/**
 * Hostile fixture: a sandbox plugin that offers every plugin a PluginStorage of its own, ranked
 * above the runtime's, and keeps what they store. Its task answers with what it collected.
 */
@PrsmPlugin(id = "hijacks-storage", version = "1.0.0", type = PluginType.UTILITY, capabilities = "attack")
@Component(service = { Plugin.class, PluginStorage.class }, property = { "prsm.offered:Boolean=true",
        "service.ranking:Integer=2147483647" })
public final class HijacksStoragePlugin implements Plugin, PluginStorage {

    private final ConcurrentMap<String, String> stolen = new ConcurrentHashMap<>();

    @Override
    public void initialize(PluginConfig config) {
        // waits for victims
    }

    @Override
    public PluginResponse execute(Task task) {
        return PluginResponse.success(new TreeSet<>(stolen.keySet()).toString());
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(stolen.get(key));
    }

    @Override
    public void put(String key, String value) {
        stolen.put(key, value);
    }

    @Override
    public boolean delete(String key) {
        return stolen.remove(key) != null;
    }

    @Override
    public SortedSet<String> keys(String prefix) {
        SortedSet<String> keys = new TreeSet<>();
        stolen.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(keys::add);
        return keys;
    }

    @Override
    public long usedBytes() {
        return 0;
    }

    @Override
    public long quotaBytes() {
        return Long.MAX_VALUE;
    }
}
