package dev.microlab.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * An append reused an event id that is already stored, but not as an exact retry of the same
 * batch in the same stream. Nothing of the request was written.
 *
 * <p><b>No longer thrown by the embedded stores</b>: they follow KurrentDB's idempotency rules
 * (see {@link EventStore#append(StreamName, ExpectedVersion, java.util.List)}), under which ids
 * are per stream and a batch that only partly matches the stored events is a
 * {@link WrongExpectedVersionException}. Kept so that code catching it still compiles.
 *
 * <p>This class is threadsafe (immutable).
 */
@Deprecated(since = "0.1.0", forRemoval = true)
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
