package dev.microlab.eventstore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The state of an aggregate as of one version of its stream, saved so that loading it
 * replays only the events after that version.
 *
 * <p>The <b>revision</b> is the version of the snapshot's schema (the shape of the state
 * class), not of the stream. When the state class changes shape, bump the revision: old
 * snapshots are then ignored and the aggregate is rebuilt from its events (Axon #566: a
 * snapshot that cannot be read must never break loading).
 *
 * <p>This class is threadsafe (immutable): the state is copied in and out.
 *
 * @param stream   the aggregate's stream
 * @param version  the stream version the state includes (events 0..version were applied)
 * @param revision the schema revision of the state, &gt;= 1
 * @param state    the serialized state
 * @param takenAt  when it was taken
 *
 * <pre>{@code
 * snapshots.save(new Snapshot(stream, 99, 2, codec.encode(state), time.instant()));
 * }</pre>
 */
public record Snapshot(StreamName stream, long version, int revision, byte[] state, Instant takenAt) {

    /** Validates and copies. */
    public Snapshot {
        Objects.requireNonNull(stream, "stream must not be null");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, but was " + version);
        }
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
        }
        state = Objects.requireNonNull(state, "state must not be null").clone();
        Objects.requireNonNull(takenAt, "takenAt must not be null");
    }

    /** A copy of the serialized state. */
    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && stream.equals(s.stream) && version == s.version && revision == s.revision
                && Arrays.equals(state, s.state) && takenAt.equals(s.takenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, version, revision, Arrays.hashCode(state));
    }

    @Override
    public String toString() {
        return "Snapshot[" + stream + "@" + version + ", revision " + revision + ", " + state.length + " bytes]";
    }
}
