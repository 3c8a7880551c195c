package io.prsm.sandbox.entitlements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether a path reaches no symbolic link below a folder a plugin may use, remembering for a short
 * while each name seen not to be a link, so that a plugin's repeated file acts in its own folder do
 * not read the attributes of every name again (an {@code lstat} costs as much as the rest of the
 * check together).
 *
 * <p>Why remembering holds: below trusted nothing can turn a name into a link. Making links (or
 * copying one as a link) is refused, and so is moving a link or a folder that holds one
 * ({@link EntitlementRules}), the only way a plugin could carry a link the operator left to a name
 * already seen, and the move's check runs before the move, whichever thread of the plugin races it.
 * Deleting, creating and moving link-free names leave every name seen still no link (or gone, and a
 * name that does not exist is never remembered). What remains is someone trusted (the operator,
 * trusted code) making or re-pointing a link at a name seen: a name is believed for at most
 * {@link #REMEMBERED_NANOS} after it was read, then read again.
 *
 * <p>Concurrent semantics: thread-safe; the names seen are a concurrent map, cleared whole when it
 * grows past {@value #MOST} names. A name is stamped with the time before its attributes were read,
 * so a concurrent change is never believed for longer than the bound.
 */
final class LinkFreeNames {

    /** How long a name seen not to be a link is believed: the window in which an operator's new link is not yet seen. */
    static final long REMEMBERED_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int MOST = 10_000;

    private final LongSupplier clock;
    private final Map<Path, Long> seen = new ConcurrentHashMap<>();

    LinkFreeNames() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime} (tests drive their own) */
    LinkFreeNames(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Whether no name of {@code path} below {@code folder} is a symbolic link, up to the first that
     * does not exist (nothing below that exists either). Then, with no "." or ".." names, the kernel
     * reaches {@code path} inside the folder, wherever the folder itself is.
     *
     * @param path a normalized absolute path inside {@code folder} by name
     * @throws IOException when a name's attributes cannot be read: the caller fails closed
     */
    boolean noLinkBelow(Path folder, Path path) throws IOException {
        long now = clock.getAsLong();
        int count = path.getNameCount();
        for (int names = folder.getNameCount() + 1; names <= count; names++) {
            Path name = names == count ? path : path.getRoot().resolve(path.subpath(0, names));
            Long seenAt = seen.get(name);
            if (seenAt != null && now - seenAt < REMEMBERED_NANOS) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(name, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                return true;
            }
            if (attributes.isSymbolicLink()) {
                seen.remove(name);
                return false;
            }
            if (seen.size() >= MOST) {
                seen.clear();
            }
            seen.put(name, now);
        }
        return true;
    }
}
