package io.prsm.marketplace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import io.prsm.api.marketplace.Repository;
import io.prsm.api.runtime.PluginOperationException;

/**
 * The repositories the operator added, kept in {@code marketplace/repositories.json} of the
 * storage folder. The list is an immutable snapshot; a change writes a new file beside the old one
 * and moves it over, then publishes the new snapshot.
 *
 * <p>Concurrent semantics: readers take the snapshot without locking; changes are synchronized.
 */
final class RepositoryList {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final Path file;
    private final AtomicReference<List<Repository>> current;

    RepositoryList(Path storage) throws IOException {
        this.file = storage.resolve("marketplace").resolve("repositories.json");
        this.current = new AtomicReference<>(read(file));
    }

    List<Repository> all() {
        return current.get();
    }

    Optional<Repository> named(String name) {
        return current.get().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    synchronized void add(Repository repository) throws PluginOperationException {
        if (!NAME.matcher(repository.name()).matches()) {
            throw new PluginOperationException("'" + repository.name() + "' is not a repository name: give a "
                    + "lower-case letter, then lower-case letters, digits and dashes (at most 64).");
        }
        if (named(repository.name()).isPresent()) {
            throw new PluginOperationException("There is a repository '" + repository.name() + "' already ("
                    + named(repository.name()).get().location() + "). Remove it first with prsm:repo remove "
                    + repository.name() + ", or choose another name.");
        }
        List<Repository> next = new ArrayList<>(current.get());
        next.add(repository);
        write(next);
    }

    synchronized Repository remove(String name) throws PluginOperationException {
        Repository gone = named(name).orElseThrow(() -> new PluginOperationException("No repository '" + name
                + "'. Run prsm:repo list to see the repositories."));
        List<Repository> next = new ArrayList<>(current.get());
        next.remove(gone);
        write(next);
        return gone;
    }

    private void write(List<Repository> next) throws PluginOperationException {
        try {
            replace(file, next);
        } catch (IOException unwritable) {
            throw new PluginOperationException("Could not save the repository list in " + file + ": "
                    + unwritable.getMessage() + ". Nothing changed.");
        }
        current.set(List.copyOf(next));
    }

    /** Writes {@code value} as JSON beside {@code file}, then moves it over {@code file}. */
    static void replace(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = Files.createTempFile(file.getParent(), ".marketplace-", ".tmp");
        try {
            MarketJson.mapper().writerWithDefaultPrettyPrinter().writeValue(written.toFile(), value);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static List<Repository> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return List.copyOf(MarketJson.mapper().readValue(file.toFile(),
                    new TypeReference<List<Repository>>() { }));
        } catch (IOException unreadable) {
            throw new IOException("The repository list " + file + " is unreadable (" + unreadable.getMessage()
                    + "); fix or delete it, then start the runtime again.", unreadable);
        }
    }
}
