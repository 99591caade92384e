package dev.microlab.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the store recorded it: the appended {@link EventData} plus where and when it was
 * written.
 *
 * <p>The <b>stream version</b> is the event's zero-based number inside its stream; the
 * <b>position</b> is its number in the whole store (the "$all" order), starting at 1,
 * unique and strictly increasing in commit order. Subscriptions checkpoint positions, and a
 * handler can use them to ignore an event it has already seen.
 *
 * <p>This class is threadsafe (immutable): {@link #data()} returns a copy.
 *
 * @param stream        the stream
 * @param streamVersion zero-based number of the event inside its stream
 * @param position      number of the event in the whole store, &gt;= 1
 * @param eventId       the id given at append
 * @param type          the type alias given at append
 * @param revision      the schema revision given at append
 * @param data          the payload
 * @param metadata      the metadata given at append
 * @param recordedAt    when the store recorded it (from the store's time source)
 *
 * <pre>{@code
 * for (RecordedEvent e : store.readStreamForward(stream, 0, 100)) {
 *     log.info("{}@{} #{} {}", e.stream(), e.streamVersion(), e.position(), e.type());
 * }
 * }</pre>
 */
public record RecordedEvent(StreamName stream, long streamVersion, long position, UUID eventId, String type,
        int revision, byte[] data, EventMetadata metadata, Instant recordedAt) {

    /** Validates and copies. */
    public RecordedEvent {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        data = Objects.requireNonNull(data, "data must not be null").clone();
        Objects.requireNonNull(metadata, "metadata must not be null");
        Objects.requireNonNull(recordedAt, "recordedAt must not be null");
        if (streamVersion < 0) {
            throw new IllegalArgumentException("streamVersion must be >= 0, but was " + streamVersion);
        }
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1, but was " + position);
        }
    }

    /** A copy of the payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * The payload itself, not a copy: for this package's readers (the {@link EventSerializer}
     * hands it to Jackson, which only reads it), so that reading an event costs no copy of its
     * data. Never modify it, never let it escape.
     */
    byte[] dataWithoutCopy() {
        return data;
    }

    /** The payload decoded as UTF-8 (JSON, usually). */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The payload's length in bytes. */
    public int dataLength() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedEvent other && stream.equals(other.stream) && streamVersion == other.streamVersion
                && position == other.position && eventId.equals(other.eventId) && type.equals(other.type)
                && revision == other.revision && Arrays.equals(data, other.data) && metadata.equals(other.metadata)
                && recordedAt.equals(other.recordedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, streamVersion, position, eventId);
    }

    @Override
    public String toString() {
        return "RecordedEvent[" + stream + "@" + streamVersion + ", position=" + position + ", " + type + " r"
                + revision + ", id=" + eventId + ", " + data.length + " bytes]";
    }
}
