package io.prsm.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.prsm.runtime.embed.StorageFolders;

/**
 * An empty folder outside the checkout, as a plugin author starts from, where Maven works offline
 * against the local repository only (the one this build installed PRSM's artifacts into). Maven's
 * settings for it sit one folder up, in {@code .mvn/maven.config}, where Maven looks for them, so
 * the commands run exactly as a document writes them.
 *
 * <p>Concurrent semantics: one test thread uses it.
 */
final class AuthorsFolder implements AutoCloseable {

    private final Path root;

    private AuthorsFolder(Path root) {
        this.root = root;
    }

    static AuthorsFolder create(String name) throws IOException {
        Path root = Files.createTempDirectory("prsm-" + name + "-");
        Files.createDirectories(root.resolve(".mvn"));
        Files.writeString(root.resolve(".mvn/maven.config"),
                "--offline -Dmaven.repo.local=" + System.getProperty("maven.repo.local") + "\n");
        Files.createDirectories(root.resolve("empty"));
        return new AuthorsFolder(root);
    }

    /** The empty folder the author starts in. */
    Path empty() {
        return root.resolve("empty");
    }

    @Override
    public void close() throws IOException {
        StorageFolders.delete(root);
    }
}
