package io.prsm.marketplace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.type.TypeReference;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * Which repository each plugin was installed from, as the repository was then (its name, location
 * and signers), kept in {@code marketplace/origins.json} of the storage folder. An update may only
 * come from a repository at least as strict as the one recorded ({@link #admits}): otherwise a
 * plugin installed from a repository that requires a signer could be replaced by an unsigned jar
 * published to any other repository.
 *
 * <p>Concurrent semantics: readers take the snapshot without locking; changes are synchronized.
 */
final class Origins {

    private final Path file;
    private final AtomicReference<Map<String, Repository>> current;

    Origins(Path marketplaceFolder) throws IOException {
        this.file = marketplaceFolder.resolve("origins.json");
        this.current = new AtomicReference<>(read(file));
    }

    Optional<Repository> of(String pluginId) {
        return Optional.ofNullable(current.get().get(pluginId));
    }

    synchronized void record(String pluginId, Repository origin) throws PluginOperationException {
        Map<String, Repository> next = new TreeMap<>(current.get());
        next.put(pluginId, origin);
        try {
            RepositoryList.replace(file, next);
        } catch (IOException unwritable) {
            throw new PluginOperationException("Plugin '" + pluginId + "' is installed, but the repository it came "
                    + "from could not be recorded in " + file + " (" + unwritable.getMessage() + "); prsm:update "
                    + pluginId + " will look in every repository that requires the signers '" + origin.name()
                    + "' requires.");
        }
        current.set(Map.copyOf(next));
    }

    /** Forgets every plugin not in {@code pluginIds}; writes the file only if that changes it. */
    synchronized void retain(java.util.Set<String> pluginIds) throws PluginOperationException {
        Map<String, Repository> next = new TreeMap<>(current.get());
        if (next.keySet().retainAll(pluginIds)) {
            try {
                RepositoryList.replace(file, next);
            } catch (IOException unwritable) {
                throw new PluginOperationException("Uninstalled plugins could not be forgotten in " + file + " ("
                        + unwritable.getMessage() + "); a plugin installed again under their ids from a file is "
                        + "updated as if it came from their repositories.");
            }
            current.set(Map.copyOf(next));
        }
    }

    /**
     * Whether {@code candidate} may deliver a plugin (or a library for it) that came from
     * {@code origin}: it requires a signer whenever the origin did, and only signers the origin
     * accepts. A repository that requires none admits any.
     */
    static boolean admits(Repository origin, Repository candidate) {
        List<String> required = origin.signers();
        return required.isEmpty() || !candidate.signers().isEmpty()
                && candidate.signers().stream().allMatch(s -> required.stream().anyMatch(r -> Signers.same(r, s)));
    }

    private static Map<String, Repository> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return Map.copyOf(MarketJson.mapper().readValue(file.toFile(),
                    new TypeReference<Map<String, Repository>>() { }));
        } catch (IOException unreadable) {
            throw new IOException("The record of where plugins came from, " + file + ", is unreadable ("
                    + unreadable.getMessage() + "); fix or delete it, then start the runtime again.", unreadable);
        }
    }
}
