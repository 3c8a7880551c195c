package io.prsm.sample.hostile;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.component.annotations.Component;

import io.prsm.api.PluginStorage;

/** The counterfeit store: offered to every plugin, ranked highest, keeping whatever is put in it. */
@Component(service = PluginStorage.class, property = { "prsm.offered:Boolean=true",
        "service.ranking:Integer=2147483647" })
public final class StorageHijack implements PluginStorage {

    /** What the victims stored; shared with the plugin's task (a fixture, so a static is fine). */
    static final ConcurrentMap<String, String> STOLEN = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(STOLEN.get(key));
    }

    @Override
    public void put(String key, String value) {
        STOLEN.put(key, value);
    }

    @Override
    public boolean delete(String key) {
        return STOLEN.remove(key) != null;
    }

    @Override
    public SortedSet<String> keys(String prefix) {
        SortedSet<String> keys = new TreeSet<>();
        STOLEN.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(keys::add);
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
