package io.prsm.api;

import java.io.IOException;
import java.util.Optional;
import java.util.SortedSet;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugin's own key-value store, kept by the runtime in the plugin's data area. A plugin gets it
 * as an OSGi service (for example a Declarative Services {@code @Reference}); each plugin bundle
 * sees only its own store. The store survives restarts of the plugin and of the runtime, and a
 * crash while writing leaves the previous value intact.
 *
 * <p>Keys are 1 to 128 characters of letters, digits, {@code .}, {@code _} and {@code -}, not
 * starting with a dot. The total size of all values is limited by the {@code storage} the plugin
 * declared.
 *
 * <p>Concurrent semantics: thread-safe; a {@link #put} is atomic and visible to every later
 * {@link #get}.
 */
@ProviderType
public interface PluginStorage {

    /** The value stored under {@code key}, if any. */
    Optional<String> get(String key) throws IOException;

    /**
     * Stores {@code value} under {@code key}, replacing any previous value atomically.
     *
     * @throws StorageQuotaExceededException if the store would grow past the declared limit
     * @throws IllegalArgumentException if the key is not well formed
     */
    void put(String key, String value) throws IOException;

    /** Removes {@code key}; returns whether it was there. */
    boolean delete(String key) throws IOException;

    /** The keys that start with {@code prefix} ({@code ""} for all), in order. */
    SortedSet<String> keys(String prefix) throws IOException;

    /** The bytes the stored values take now. */
    long usedBytes() throws IOException;

    /** The most bytes the stored values may take. */
    long quotaBytes();
}
