package dev.microlab.eventstore;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an event carries besides its data: the correlation id (which conversation or request it
 * belongs to), the causation id (which message caused it) and free-form headers.
 *
 * <p>The usual rule when one message causes another: the new message's causation id is the
 * id of the message that caused it, and the correlation id is copied (or, for the first
 * message of a conversation, is that message's own id). {@link #causedBy(RecordedEvent)} does
 * exactly that.
 *
 * <pre>{@code
 * EventMetadata md = EventMetadata.EMPTY.withCorrelationId("req-7").withHeader("user", "ana");
 * EventMetadata next = EventMetadata.causedBy(recordedEvent);
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param correlationId the correlation id, or null
 * @param causationId   the causation id, or null
 * @param headers       other headers, never null (copied, sorted by key)
 */
public record EventMetadata(String correlationId, String causationId, Map<String, String> headers) {

    /** No ids, no headers. */
    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

    /**
     * Copies the headers.
     *
     * @throws NullPointerException if {@code headers} or one of its keys or values is null
     */
    public EventMetadata {
        Objects.requireNonNull(headers, "headers must not be null");
        if (headers.isEmpty()) {
            // most events carry no header, and the file store decodes metadata on every read
            headers = Map.of();
        } else {
            headers = sortedCopy(headers);
        }
    }

    private static Map<String, String> sortedCopy(Map<String, String> headers) {
        TreeMap<String, String> copy = new TreeMap<>();
        headers.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "header name must not be null"),
                Objects.requireNonNull(v, () -> "value of header '" + k + "' must not be null")));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Metadata for an event caused by {@code cause}: causation id = the cause's event id,
     * correlation id = the cause's correlation id, or its event id if it had none.
     */
    public static EventMetadata causedBy(RecordedEvent cause) {
        Objects.requireNonNull(cause, "cause must not be null");
        String id = cause.eventId().toString();
        String correlation = cause.metadata().correlationId();
        return new EventMetadata(correlation == null ? id : correlation, id, Map.of());
    }

    /** A copy with this correlation id (null removes it). */
    public EventMetadata withCorrelationId(String id) {
        return new EventMetadata(id, causationId, headers);
    }

    /** A copy with this causation id (null removes it). */
    public EventMetadata withCausationId(String id) {
        return new EventMetadata(correlationId, id, headers);
    }

    /** A copy with one more header (replacing one of the same name). */
    public EventMetadata withHeader(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(headers);
        copy.put(Objects.requireNonNull(name, "name must not be null"),
                Objects.requireNonNull(value, "value must not be null"));
        return new EventMetadata(correlationId, causationId, copy);
    }
}
