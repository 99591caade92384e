package dev.microlab.eventstore;

import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the latest {@link Snapshot} of each stream. A snapshot is a cache: losing it costs a
 * replay, never correctness, so a snapshot store may be less durable than the event store.
 *
 * <pre>{@code
 * SnapshotStore snapshots = new InMemorySnapshotStore();
 * snapshots.save(new Snapshot(stream, 99, 2, bytes, now));
 * Optional<Snapshot> usable = snapshots.load(stream, 2);   // empty if the revision is not 2
 * }</pre>
 *
 * <p>Implementations must be threadsafe.
 */
public interface SnapshotStore {

    /** Stores {@code snapshot}, unless a snapshot of a later version of the same stream is already stored. */
    void save(Snapshot snapshot);

    /** The latest snapshot of {@code stream}, whatever its revision. */
    Optional<Snapshot> load(StreamName stream);

    /**
     * The latest snapshot of {@code stream} if its revision is {@code currentRevision}; a
     * snapshot of any other revision is ignored (the caller rebuilds from events).
     */
    default Optional<Snapshot> load(StreamName stream, int currentRevision) {
        Objects.requireNonNull(stream, "stream must not be null");
        return load(stream).filter(s -> s.revision() == currentRevision);
    }

    /** Forgets the snapshot of {@code stream}. */
    void delete(StreamName stream);
}
