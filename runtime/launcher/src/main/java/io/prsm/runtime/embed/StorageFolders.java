package io.prsm.runtime.embed;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Storage folders: whether a path can be one, and throw-away ones, as the test harness and the
 * benchmarks make one per runtime.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class StorageFolders {

    private StorageFolders() {
    }

    /**
     * Refuses {@code folder} as a folder the runtime keeps things in (storage, plugins) unless it
     * is one, or can be made: the message names {@code role} ("--storage", "The plugins folder")
     * and says what is wrong in one line.
     *
     * @throws IOException saying why {@code folder} cannot be used
     */
    public static void requireUsable(Path folder, String role) throws IOException {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException(role + " " + folder + " cannot be created: no part of it exists.");
        }
        if (!Files.isDirectory(existing)) {
            throw new IOException(existing.equals(folder.toAbsolutePath())
                    ? role + " " + folder + " is a file, not a folder; give a folder (it is created if missing)."
                    : role + " " + folder + " cannot be created: " + existing + " is a file, not a folder.");
        }
        if (!Files.isWritable(existing)) {
            throw new IOException(existing.equals(folder.toAbsolutePath())
                    ? role + " " + folder + " cannot be written by this user; give a folder it may write."
                    : role + " " + folder + " cannot be created: this user may not write " + existing + ".");
        }
    }

    /** Deletes {@code folder} and everything in it; the runtime using it must be stopped. */
    public static void delete(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
