package io.prsm.limits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a file the operator keeps for the runtime ({@code policy.json}, a plugin's configuration,
 * a plugin jar) the safe way: only a regular file, never a named pipe or a device that would
 * block the reader for ever or never end; at most a limit of bytes, counted as they are read
 * (a file's size as listed is not trusted); and, where asked, no link that leads out of a given
 * folder. Messages name the file and what is wrong with it, never its content.
 *
 * <p>The checks look at the file before it is opened: whoever could swap the file for a pipe in
 * between can write the folder, and so the file itself, already.
 *
 * <p>Concurrent semantics: stateless.
 */
public final class BoundedFile {

    private BoundedFile() {
    }

    /**
     * Reads {@code file}, a regular file of at most {@code maxBytes} ({@code property} sets that).
     *
     * @param within if not null, a link must lead to a file inside this folder
     * @throws NoSuchFileException if there is no file
     * @throws OverLimitException if it is longer than {@code maxBytes}
     * @throws IOException saying why it is not a file that may be read
     */
    public static byte[] read(Path file, long maxBytes, String property, Path within) throws IOException {
        requireRegular(file, within);
        long listed = Files.size(file);
        if (listed > maxBytes) {
            throw new OverLimitException(file.toString(), "is " + listed + " bytes, larger than", Quote.bytes(maxBytes),
                    property);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw new OverLimitException(file.toString(), "is larger than", Quote.bytes(maxBytes), property);
            }
            return content;
        }
    }

    /**
     * Refuses anything but a regular file at {@code file}: a folder, a named pipe, a device, and
     * (when {@code within} is given) a link whose target lies outside that folder.
     */
    public static void requireRegular(Path file, Path within) throws IOException {
        BasicFileAttributes own = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (own.isSymbolicLink() && within != null) {
            Path target = file.toRealPath();
            Path folder = within.toRealPath();
            if (!target.startsWith(folder)) {
                throw new IOException(file + " is a link to " + target + ", outside " + folder + "; it is read only "
                        + "when it is a file in that folder, or when the operator names the file itself");
            }
        }
        BasicFileAttributes attributes = own.isSymbolicLink() ? Files.readAttributes(file, BasicFileAttributes.class)
                : own;
        if (attributes.isDirectory()) {
            throw new IOException(file + " is a folder, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file (a named pipe, socket or device); give a file");
        }
    }
}
