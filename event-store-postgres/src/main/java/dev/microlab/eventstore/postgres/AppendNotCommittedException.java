package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.StreamName;
import java.util.Objects;

/**
 * The connection to PostgreSQL broke during an append, and the store made sure that nothing of it
 * was committed: the append can be retried as it is (same events, same ids, same expected
 * version).
 *
 * <p>This class is threadsafe (immutable).
 */
public final class AppendNotCommittedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient StreamName stream;

    /** Describes the lost append to {@code stream}; {@code database} must not contain a password. */
    public AppendNotCommittedException(StreamName stream, String database, Throwable cause) {
        super("the append to stream '" + Objects.requireNonNull(stream, "stream must not be null")
                + "' was NOT committed: the connection to PostgreSQL at " + database + " broke before the commit ("
                + (cause == null ? "no detail" : cause.getMessage()) + "); nothing was written, retrying is safe",
                cause);
        this.stream = stream;
    }

    /** The stream of the lost append. */
    public StreamName stream() {
        return stream;
    }
}
