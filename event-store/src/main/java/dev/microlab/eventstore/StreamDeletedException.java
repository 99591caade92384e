package dev.microlab.eventstore;

import java.util.Objects;

/**
 * The stream was hard-deleted ({@link EventStore#tombstoneStream tombstoned}): it can never be
 * written or read again. Use another name.
 *
 * <pre>{@code
 * store.tombstoneStream(order, ExpectedVersion.ANY);
 * store.append(order, ExpectedVersion.ANY, event);   // StreamDeletedException
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class StreamDeletedException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient StreamName stream;

    /** For {@code stream}. */
    public StreamDeletedException(StreamName stream) {
        super("Stream '" + Objects.requireNonNull(stream, "stream must not be null")
                + "' is tombstoned (hard-deleted): it can never be written or read again");
        this.stream = stream;
    }

    /** The tombstoned stream. */
    public StreamName stream() {
        return stream;
    }
}
