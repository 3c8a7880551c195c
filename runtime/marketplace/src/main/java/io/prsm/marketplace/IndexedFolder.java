package io.prsm.marketplace;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import aQute.bnd.osgi.repository.SimpleIndexer;

/**
 * A repository folder on this machine: its jars and the R5 {@code index.xml} that bnd's indexer
 * writes for them (with the SHA-256 of each jar and every capability and requirement of its
 * manifest, so the plugin's id, version, type, level, capabilities, permissions, entitlements and
 * task types are in the index). The index is written beside the old one and moved over it, so a
 * reader sees the old index or the new one, never half of one.
 *
 * <p>Concurrent semantics: not thread-safe; {@link MarketplaceService} serializes writers.
 */
final class IndexedFolder {

    static final String INDEX = "index.xml";

    private final Path folder;

    IndexedFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    Path folder() {
        return folder;
    }

    /**
     * A new empty file in {@code folder} to write and then move into place. Its permissions are
     * those the umask gives any new file (0644 under the usual 022): a temporary file's 0600 would
     * keep a web server running as another user from serving the repository.
     */
    static Path newFile(Path folder, String prefix) throws IOException {
        return Files.createFile(folder.resolve(prefix + UUID.randomUUID() + ".tmp"));
    }

    /** Rewrites the index over every jar in the folder; returns how many resources it holds. */
    int reindex() throws IOException {
        List<File> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : entries) {
                jars.add(jar.toFile());
            }
        }
        jars.sort(null);
        SimpleIndexer indexer = new SimpleIndexer().files(jars).base(folder.toUri()).compress(false)
                .name(folder.getFileName() == null ? "prsm" : folder.getFileName().toString())
                .analyzer(Listings::addListing);
        Path written = newFile(folder, ".index-");
        try {
            try (OutputStream out = Files.newOutputStream(written)) {
                indexer.index(out);
            }
            Files.move(written, folder.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(written);
        }
        return jars.size();
    }
}
