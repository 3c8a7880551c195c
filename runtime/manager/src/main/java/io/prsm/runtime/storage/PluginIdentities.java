package io.prsm.runtime.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which bundle a plugin id belongs to. The first bundle that runs as plugin {@code P} claims it:
 * {@code <root>/P/identity.properties} records its symbolic name and, if its jar was signed, its
 * signers. From then on P's data, its configuration overrides and the policy's grants for P are
 * that bundle's: another bundle that claims P (another symbolic name, or not signed by one of the
 * recorded signers) is refused until the operator purges P ({@code prsm:data purge P}, or
 * {@code prsm:uninstall P --purge}), which deletes everything kept for it.
 *
 * <p>Concurrent semantics: thread-safe for distinct ids; claims of one id are serialized by the
 * instance. A claim is written to a temporary file and moved into place.
 */
public final class PluginIdentities {

    private static final String FILE = "identity.properties";

    private final Path root;

    /** @param root the folder holding one folder per plugin id ({@code <storage>/plugins}) */
    public PluginIdentities(Path root) {
        this.root = root;
    }

    /** Who holds a plugin id: a bundle symbolic name and the signers it was signed by (empty if unsigned). */
    public record Holder(String symbolicName, Set<String> signers) {
        public Holder {
            signers = Set.copyOf(signers);
        }

        boolean admits(String claimantName, Set<String> claimantSigners) {
            if (!symbolicName.equals(claimantName)) {
                return false;
            }
            return signers.isEmpty() || claimantSigners.stream().anyMatch(signers::contains);
        }

        String describe() {
            return "bundle " + symbolicName + (signers.isEmpty() ? "" : " signed by " + String.join(" or ", signers));
        }
    }

    /** The bundle {@code pluginId} belongs to, if any has claimed it. */
    public synchronized Optional<Holder> holder(String pluginId) throws IOException {
        Properties recorded = new Properties();
        try (InputStream in = Files.newInputStream(file(pluginId))) {
            recorded.load(in);
        } catch (NoSuchFileException unclaimed) {
            return Optional.empty();
        }
        String name = recorded.getProperty("symbolic-name", "");
        String signers = recorded.getProperty("signers", "");
        return Optional.of(new Holder(name, signers.isBlank() ? Set.of()
                : new TreeSet<>(Arrays.asList(signers.split("\\|")))));
    }

    /**
     * Why a bundle named {@code symbolicName}, signed by {@code signers}, may not be plugin
     * {@code pluginId}, with what the operator can do; empty when it may.
     */
    public Optional<String> conflict(String pluginId, String symbolicName, Set<String> signers) {
        Optional<Holder> holder;
        try {
            holder = holder(pluginId);
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.of("the record of which bundle plugin id '" + pluginId + "' belongs to ("
                    + file(pluginId) + ") cannot be read (" + unreadable.getMessage() + "); purge the id with prsm:data "
                    + "purge " + pluginId + " (this deletes its stored data and configuration overrides)");
        }
        if (holder.isEmpty() || holder.get().admits(symbolicName, signers)) {
            return Optional.empty();
        }
        return Optional.of("plugin id '" + pluginId + "' belongs to " + holder.get().describe()
                + ", whose data and configuration overrides are kept; this jar is bundle " + symbolicName
                + (signers.isEmpty() ? " (unsigned)" : " signed by " + String.join(", ", signers))
                + ". To give the id to this bundle, delete what the other one left with prsm:data purge " + pluginId
                + ", then install it again");
    }

    /** Records that plugin {@code pluginId} is bundle {@code symbolicName}, unless some bundle already holds it. */
    public synchronized void claim(String pluginId, String symbolicName, Set<String> signers) throws IOException {
        if (holder(pluginId).isPresent()) {
            return;
        }
        Path target = file(pluginId);
        Files.createDirectories(target.getParent());
        Properties record = new Properties();
        record.setProperty("symbolic-name", symbolicName);
        record.setProperty("signers", String.join("|", new TreeSet<>(signers)));
        Path written = Files.createTempFile(target.getParent(), FILE, ".tmp");
        try (OutputStream out = Files.newOutputStream(written)) {
            record.store(out, "the bundle plugin id " + pluginId + " belongs to; prsm:data purge " + pluginId
                    + " frees it");
        }
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException notHere) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The plugin ids something is kept for (data or a claim), in order. */
    public synchronized Set<String> ids() throws IOException {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (var folders = Files.list(root)) {
            folders.filter(Files::isDirectory).forEach(folder -> ids.add(folder.getFileName().toString()));
        }
        return ids;
    }

    /** The folder of plugin {@code pluginId}: its data and its claim. */
    public Path folder(String pluginId) {
        return root.resolve(pluginId);
    }

    /** Deletes everything kept for {@code pluginId}; returns whether there was anything. */
    public synchronized boolean purge(String pluginId) throws IOException {
        Path folder = folder(pluginId);
        if (!Files.exists(folder)) {
            return false;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failed) throws IOException {
                if (failed != null) {
                    throw failed;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    private Path file(String pluginId) {
        return root.resolve(pluginId).resolve(FILE);
    }
}
