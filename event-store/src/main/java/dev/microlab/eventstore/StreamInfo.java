package dev.microlab.eventstore;

import java.util.Objects;

/**
 * A snapshot of one stream's state, as {@link EventStore#streamInfo(StreamName)} sees it.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param stream       the stream
 * @param status       its life-cycle state
 * @param version      the version of its last visible event, or {@link EventStore#NO_VERSION}
 *                     if none is visible (never written, soft-deleted, tombstoned)
 * @param firstVersion the version of its first visible event; after a soft delete the
 *                     numbering continues, so this is where a recreated stream starts
 * @param nextVersion  the version its next appended event will get
 *
 * <pre>{@code
 * StreamInfo info = store.streamInfo(order);
 * if (info.status() == StreamStatus.SOFT_DELETED) { ... }
 * store.append(order, ExpectedVersion.of(info.version()), events);
 * }</pre>
 */
public record StreamInfo(StreamName stream, StreamStatus status, long version, long firstVersion, long nextVersion) {

    /** Validates. */
    public StreamInfo {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(status, "status must not be null");
    }

    /** Whether the stream has a visible event (what STREAM_EXISTS checks). */
    public boolean exists() {
        return status == StreamStatus.ACTIVE;
    }
}
