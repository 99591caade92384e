package dev.microlab.eventstore;

import java.nio.file.Path;

/**
 * The file store found data it cannot trust where a torn write cannot explain it: a bad
 * checksum or an impossible frame in a sealed segment, in the middle of the active segment,
 * or a missing segment. The store refuses to open rather than drop events silently. Restore
 * the directory from a backup, or move the damaged segment away knowingly.
 *
 * <pre>{@code
 * try {
 *     store = FileEventStore.builder(dir).open();
 * } catch (EventStoreCorruptedException e) {
 *     log.error("restore {} from backup (damage at offset {})", e.file(), e.offset());
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class EventStoreCorruptedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** Describes the damage. */
    public EventStoreCorruptedException(Path file, long offset, String reason) {
        super("event store file " + file + " is corrupted at byte offset " + offset + ": " + reason
                + ". The store refuses to open so that no event is dropped silently;"
                + " restore the file from a backup, or move it away knowingly");
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Where in it the damage starts. */
    public long offset() {
        return offset;
    }
}
