package dev.microlab.eventstore;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snapshots in a map, the latest per stream.
 *
 * <pre>{@code
 * SnapshotStore snapshots = new InMemorySnapshotStore();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class InMemorySnapshotStore implements SnapshotStore {

    private final ConcurrentHashMap<StreamName, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** Creates a store holding no snapshot. */
    public InMemorySnapshotStore() {
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        snapshots.merge(snapshot.stream(), snapshot, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    @Override
    public Optional<Snapshot> load(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        return Optional.ofNullable(snapshots.get(stream));
    }

    @Override
    public void delete(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        snapshots.remove(stream);
    }
}
