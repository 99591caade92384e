package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.StreamName;
import java.util.Objects;

/**
 * The connection to PostgreSQL broke while an append was committing, and the database could not
 * be asked afterwards whether the commit happened. Retry the append with the <b>same</b> event
 * objects (same ids) and the same expected version once the database is back: if the first attempt
 * committed, the retry is recognised and answered with its result; if not, it is written now.
 * Never retry with new ids, which would write the events twice.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class AppendOutcomeUnknownException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient StreamName stream;

    /** Describes the append to {@code stream}; {@code database} must not contain a password. */
    public AppendOutcomeUnknownException(StreamName stream, String database, Throwable cause) {
        super("the append to stream '" + Objects.requireNonNull(stream, "stream must not be null")
                + "' may or may not have committed: the connection to PostgreSQL at " + database
                + " broke during the commit and the outcome could not be checked ("
                + (cause == null ? "no detail" : cause.getMessage()) + "); retry with the same event ids", cause);
        this.stream = stream;
    }

    /** The stream of the append. */
    public StreamName stream() {
        return stream;
    }
}
