package io.prsm.sandbox.entitlements;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where the kernel will go for a path: the real path (every link followed, "." and ".." as the
 * kernel walks them) of the nearest part of it that exists, and the names after that part, which
 * exist in no folder yet and so are no link. A path that does not exist in full is still judged,
 * since an act may create it.
 *
 * <p>Concurrent semantics: stateless. Between this answer and the act a link can only change by
 * someone trusted (below trusted, making links is refused).
 */
final class RealPaths {

    private RealPaths() {
    }

    /**
     * Whether {@code path} is a symbolic link, or a folder holding one at any depth (no link is
     * followed). A name that does not exist holds none.
     *
     * @throws IOException when an attribute or a folder cannot be read: the caller fails closed
     */
    static boolean holdsLink(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return false;
        }
        if (!attributes.isDirectory()) {
            return attributes.isSymbolicLink();
        }
        boolean[] found = { false };
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes seen) {
                found[0] = seen.isSymbolicLink();
                return found[0] ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    /**
     * @param path an absolute path of the default file system, as given (not normalized)
     * @throws IOException when part of it exists but its real path cannot be read (a loop of links, a
     *         folder that may not be searched, a file named as a folder): the caller fails closed
     */
    static Path of(Path path) throws IOException {
        for (Path existing = path; existing != null; existing = existing.getParent()) {
            Path real;
            try {
                real = existing.toRealPath();
            } catch (NoSuchFileException missing) {
                continue;
            }
            int known = existing.getNameCount();
            return known == path.getNameCount() ? real
                    : real.resolve(path.subpath(known, path.getNameCount())).normalize();
        }
        return path.normalize();
    }
}
