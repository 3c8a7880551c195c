package io.prsm.runtime.embed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a storage folder, so two runtimes never share one bundle cache and one
 * set of plugin data. The operating system releases it when the process dies, so a runtime
 * killed with {@code kill -9} does not leave the folder locked.
 *
 * <p>Concurrent semantics: held by one runtime; {@link #close} releases it once.
 */
final class StorageLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StorageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code storage}.
     *
     * @throws IOException saying that another runtime uses the folder, or why it cannot be locked
     */
    static StorageLock acquire(Path storage) throws IOException {
        Files.createDirectories(storage);
        FileChannel channel = FileChannel.open(storage.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("Another PRSM runtime is using the storage folder " + storage
                    + ". Stop it first, or give this one another --storage.");
        }
        return new StorageLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
