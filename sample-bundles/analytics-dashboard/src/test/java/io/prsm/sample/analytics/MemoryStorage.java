package io.prsm.sample.analytics;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.prsm.api.PluginStorage;

/** A plugin store held in memory, standing in for the runtime's file-backed one. */
final class MemoryStorage implements PluginStorage {

    final TreeMap<String, String> values = new TreeMap<>();

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized void put(String key, String value) {
        values.put(key, value);
    }

    @Override
    public synchronized boolean delete(String key) {
        return values.remove(key) != null;
    }

    @Override
    public synchronized SortedSet<String> keys(String prefix) {
        return new TreeSet<>(values.keySet().stream().filter(key -> key.startsWith(prefix)).toList());
    }

    @Override
    public synchronized long usedBytes() {
        return values.values().stream().mapToLong(String::length).sum();
    }

    @Override
    public long quotaBytes() {
        return Long.MAX_VALUE;
    }
}
