package dev.microlab.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * An append reused an event id that is already stored, but not as an exact retry of the same
 * batch in the same stream (a retry is answered with the original result instead). Nothing
 * of the request was written.
 *
 * <pre>{@code
 * EventData placed = EventData.of("order-placed", json);
 * store.append(order, ExpectedVersion.NO_STREAM, placed);
 * store.append(otherOrder, ExpectedVersion.NO_STREAM, placed);   // DuplicateEventIdException
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class DuplicateEventIdException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final UUID eventId;

    /** Describes the clash. */
    public DuplicateEventIdException(StreamName stream, UUID eventId, String why) {
        super("Append to stream '" + Objects.requireNonNull(stream, "stream must not be null") + "' reuses event id "
                + Objects.requireNonNull(eventId, "eventId must not be null") + ": " + why
                + "; a retry must resend exactly the same batch to the same stream");
        this.eventId = eventId;
    }

    /** The reused id. */
    public UUID eventId() {
        return eventId;
    }
}
