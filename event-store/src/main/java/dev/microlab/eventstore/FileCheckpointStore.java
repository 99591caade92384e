package dev.microlab.eventstore;

import dev.microlab.eventstore.internal.FileSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Checkpoints in files, one per subscription ({@code <name>.checkpoint} in a directory),
 * for subscriptions whose read model survives restarts.
 *
 * <p>A save is crash-safe: the position (with a CRC32C) goes to a temporary file, which is
 * forced to disk and atomically renamed over the old one, and the directory is forced. After
 * a crash the file holds either the old or the new position, never a torn one; a damaged file
 * is reported with an {@link EventStoreException}, never read as zero.
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new FileCheckpointStore(Path.of("data/checkpoints"));
 * }</pre>
 *
 * <p>This class is threadsafe (saves are serialized).
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final int SIZE = Long.BYTES + Integer.BYTES;

    private final Path directory;

    /**
     * Keeps checkpoints in {@code directory}, creating it if needed.
     *
     * @throws UncheckedIOException if the directory cannot be created
     */
    public FileCheckpointStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + directory, e);
        }
    }

    @Override
    public OptionalLong load(String subscription) {
        Path file = fileOf(subscription);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE) {
            throw new EventStoreException("checkpoint file " + file + " is damaged: " + bytes.length
                    + " bytes instead of " + SIZE + "; delete it to replay from the start, or restore it");
        }
        long position = buf.getLong();
        int crc = buf.getInt();
        if (crc != crcOf(position)) {
            throw new EventStoreException("checkpoint file " + file + " is damaged: CRC mismatch;"
                    + " delete it to replay from the start, or restore it");
        }
        return OptionalLong.of(position);
    }

    @Override
    public synchronized void save(String subscription, long position) {
        Path file = fileOf(subscription);
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteBuffer buf = ByteBuffer.allocate(SIZE).putLong(position).putInt(crcOf(position)).flip();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileSupport.fsyncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + file, e);
        }
    }

    private Path fileOf(String subscription) {
        return directory.resolve(CheckpointStore.validateName(subscription) + ".checkpoint");
    }

    private static int crcOf(long position) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(position).flip());
        return (int) crc.getValue();
    }

    @Override
    public String toString() {
        return "FileCheckpointStore[" + directory + "]";
    }
}
