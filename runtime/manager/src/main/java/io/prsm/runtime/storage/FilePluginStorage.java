package io.prsm.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.prsm.api.PluginStorage;
import io.prsm.api.StorageQuotaExceededException;
import io.prsm.limits.Quote;

/**
 * A {@link PluginStorage} with one file per key in a directory. A put writes a temporary file,
 * forces it to disk and renames it over the old one atomically, so a crash leaves either the old
 * or the new value, never a torn one. Temporary files left by a crash are removed on open. With a
 * {@link StorageCipher} that encrypts, values are AES-GCM encrypted on disk; the quota counts
 * what is on disk.
 *
 * <p>Concurrent semantics: thread-safe; writes are serialized by the instance lock so the quota
 * check and the write are one step; reads do not lock (a rename is atomic).
 */
public final class FilePluginStorage implements PluginStorage {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final String TEMP_SUFFIX = ".tmp";

    private final String pluginId;
    private final Path directory;
    private final long quota;
    private final StorageCipher cipher;

    public FilePluginStorage(String pluginId, Path directory, long quota) throws IOException {
        this(pluginId, directory, quota, StorageCipher.NONE);
    }

    public FilePluginStorage(String pluginId, Path directory, long quota, StorageCipher cipher) throws IOException {
        this.pluginId = pluginId;
        this.directory = directory;
        this.quota = quota;
        this.cipher = cipher;
        Files.createDirectories(directory);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    @Override
    public Optional<String> get(String key) throws IOException {
        try {
            return Optional.of(new String(cipher.open(pluginId, key, Files.readAllBytes(file(key))),
                    StandardCharsets.UTF_8));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void put(String key, String value) throws IOException {
        Path target = file(key);
        byte[] bytes = cipher.seal(pluginId, key, value.getBytes(StandardCharsets.UTF_8));
        long current = Files.exists(target) ? Files.size(target) : 0;
        long after = usedBytes() - current + bytes.length;
        if (after > quota) {
            throw new StorageQuotaExceededException("Storing '" + key + "' (" + bytes.length + " bytes) would use "
                    + after + " bytes, over plugin '" + pluginId + "''s storage quota of " + quota
                    + " bytes. Delete entries, or declare more storage in @PrsmPlugin(storage = ...).");
        }
        Path temp = directory.resolve(key + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    @Override
    public synchronized boolean delete(String key) throws IOException {
        boolean deleted = Files.deleteIfExists(file(key));
        if (deleted) {
            forceDirectory();
        }
        return deleted;
    }

    @Override
    public SortedSet<String> keys(String prefix) throws IOException {
        SortedSet<String> keys = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.endsWith(TEMP_SUFFIX) && name.startsWith(prefix) && KEY.matcher(name).matches()) {
                    keys.add(name);
                }
            }
        }
        return keys;
    }

    @Override
    public long usedBytes() throws IOException {
        long used = 0;
        for (String key : keys("")) {
            try {
                used += Files.size(directory.resolve(key));
            } catch (NoSuchFileException deletedMeanwhile) {
                // a concurrent delete; it no longer counts
            }
        }
        return used;
    }

    @Override
    public long quotaBytes() {
        return quota;
    }

    private Path file(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.endsWith(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("Storage key '" + Quote.prefix(key)
                    + "' is malformed: use 1 to 128 letters, digits, "
                    + "'.', '_' and '-', not starting with '.' and not ending with '" + TEMP_SUFFIX + "'.");
        }
        return directory.resolve(key);
    }

    /** Makes the rename itself durable; not every file system lets a directory be opened for that. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // the rename is still atomic; only its durability across power loss is weaker
        }
    }
}
