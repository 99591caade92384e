package dev.microlab.eventstore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to append: its id, its type alias, the revision of its schema, its data and its
 * metadata. The store itself never interprets the data; it is usually JSON written by an
 * {@link EventSerializer}.
 *
 * <p>The <b>event id</b> makes retries safe: appending an event whose id is already in the
 * stream, as part of the very same batch, returns the original result instead of writing a
 * duplicate. Create the {@code EventData} once and retry with the same object.
 *
 * <p>The <b>type</b> is a stable alias such as {@code "order-placed"}, never a Java class
 * name, so classes can be renamed or moved without breaking stored events. The
 * <b>revision</b> (1 or more) is the version of the data's schema; upcasters use the pair
 * (type, revision) to bring old events to the current shape on read.
 *
 * <pre>{@code
 * EventData placed = EventData.of("order-placed", "{\"orderId\":\"42\"}".getBytes(UTF_8))
 *         .withMetadata(EventMetadata.EMPTY.withCorrelationId("req-7"));
 * }</pre>
 *
 * <p>This class is threadsafe (immutable): the data is copied in and {@link #data()} returns a
 * copy.
 *
 * @param eventId  unique id of the event
 * @param type     stable type alias
 * @param revision schema revision of the data, &gt;= 1
 * @param data     the payload
 * @param metadata correlation, causation and headers
 */
public record EventData(UUID eventId, String type, int revision, byte[] data, EventMetadata metadata) {

    /** The longest type alias allowed, in characters. */
    public static final int MAX_TYPE_LENGTH = 200;

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the type alias is invalid or the revision is below 1
     */
    public EventData {
        Objects.requireNonNull(eventId, "eventId must not be null");
        validateType(type);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
        }
        data = Objects.requireNonNull(data, "data must not be null").clone();
        Objects.requireNonNull(metadata, "metadata must not be null");
    }

    /** An event with a random id, revision 1 and no metadata. */
    public static EventData of(String type, byte[] data) {
        return new EventData(UUID.randomUUID(), type, 1, data, EventMetadata.EMPTY);
    }

    /** An event with the given id, revision 1 and no metadata. */
    public static EventData of(UUID eventId, String type, byte[] data) {
        return new EventData(eventId, type, 1, data, EventMetadata.EMPTY);
    }

    /** A copy with this metadata. */
    public EventData withMetadata(EventMetadata newMetadata) {
        return new EventData(eventId, type, revision, data, newMetadata);
    }

    /** A copy with this schema revision. */
    public EventData withRevision(int newRevision) {
        return new EventData(eventId, type, newRevision, data, metadata);
    }

    /** A copy of the payload. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload's length in bytes. */
    public int dataLength() {
        return data.length;
    }

    /**
     * The size an event store's {@code maxEventSize} limit applies to: the payload plus the
     * UTF-8 bytes of the type alias, the correlation and causation ids, and every header's name
     * and value. The same for every backend (see {@link EventStoreArguments#checkAppend}).
     *
     * @return the event's size in bytes, &gt;= {@link #dataLength()}
     */
    public long sizeInBytes() {
        long size = data.length + utf8Length(type);
        size += utf8Length(metadata.correlationId()) + utf8Length(metadata.causationId());
        for (Map.Entry<String, String> h : metadata.headers().entrySet()) {
            size += utf8Length(h.getKey()) + utf8Length(h.getValue());
        }
        return size;
    }

    private static long utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Checks a type alias.
     *
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if it is empty, too long or has a forbidden character
     */
    public static String validateType(String type) {
        Objects.requireNonNull(type, "type must not be null");
        if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH || !isValidType(type)) {
            throw new IllegalArgumentException("type must be 1 to " + MAX_TYPE_LENGTH + " characters, start with a"
                    + " letter or digit and contain only ASCII letters, digits and . _ - : $, but was '"
                    + (type.length() > 60 ? type.substring(0, 60) + "..." : type) + "'");
        }
        return type;
    }

    /**
     * Whether a non-empty {@code type} is {@code [A-Za-z0-9][A-Za-z0-9._\-:$]*}, checked
     * character by character (every serialized event is checked; a regular expression cost
     * more than the rest of the check).
     */
    private static boolean isValidType(String type) {
        if (!isLetterOrDigit(type.charAt(0))) {
            return false;
        }
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-' && c != ':' && c != '$') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventData other && eventId.equals(other.eventId) && type.equals(other.type)
                && revision == other.revision && Arrays.equals(data, other.data) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, type, revision, Arrays.hashCode(data), metadata);
    }

    @Override
    public String toString() {
        return "EventData[" + type + " r" + revision + ", id=" + eventId + ", " + data.length + " bytes]";
    }
}
