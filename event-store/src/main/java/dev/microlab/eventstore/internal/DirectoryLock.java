package dev.microlab.eventstore.internal;

import dev.microlab.eventstore.StoreLockedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of a store directory: {@link FileChannel#tryLock()} on {@code store.lock},
 * which keeps out a second opener in this JVM and in other processes. Not threadsafe; the store
 * acquires it once and releases it once.
 */
public final class DirectoryLock {

    /** The lock file's name. */
    public static final String FILE_NAME = "store.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} if needed and locks it.
     *
     * @throws StoreLockedException if it is already locked
     * @throws UncheckedIOException if the directory or the lock file cannot be created
     */
    public static DirectoryLock acquire(Path directory) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StoreLockedException(directory);
            }
            return new DirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event store directory " + directory, e);
        }
    }

    /** Releases the lock. */
    public void release() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
