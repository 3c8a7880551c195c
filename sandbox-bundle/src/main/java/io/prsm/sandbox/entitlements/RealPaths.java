package io.prsm.sandbox.entitlements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
     * Whether no name of {@code path} below {@code folder} is a symbolic link, up to the first that
     * does not exist (nothing below that exists either). Then, with no "." or ".." names, the kernel
     * reaches {@code path} inside the folder, wherever the folder itself is.
     *
     * @param path a normalized absolute path inside {@code folder} by name
     * @throws IOException when a name's attributes cannot be read: the caller fails closed
     */
    static boolean noLinkBelow(Path folder, Path path) throws IOException {
        for (int names = folder.getNameCount() + 1; names <= path.getNameCount(); names++) {
            Path name = path.getRoot().resolve(path.subpath(0, names));
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(name, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                return true;
            }
            if (attributes.isSymbolicLink()) {
                return false;
            }
        }
        return true;
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
