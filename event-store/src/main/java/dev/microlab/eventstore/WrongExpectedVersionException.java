package dev.microlab.eventstore;

import java.util.Objects;

/**
 * An append (or delete) was refused because the stream was not in the state the writer
 * expected: somebody else wrote first. Nothing of the request was written.
 *
 * <p>The fields come from the request and from the store's state at the moment of the check,
 * never from parsing a message: {@link #stream()}, {@link #expected()} and
 * {@link #actualVersion()} ({@link EventStore#NO_VERSION} when the stream had no visible
 * event). The usual reaction is to read the stream again, re-decide, and retry.
 *
 * <pre>{@code
 * try {
 *     store.append(stream, ExpectedVersion.exact(4), events);
 * } catch (WrongExpectedVersionException e) {
 *     long actual = e.actualVersion();   // reload from here and retry the command
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class WrongExpectedVersionException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    private final transient StreamName stream;
    private final transient ExpectedVersion expected;
    private final long actualVersion;

    /** Describes a failed check. */
    public WrongExpectedVersionException(StreamName stream, ExpectedVersion expected, long actualVersion) {
        super("Append to stream '" + Objects.requireNonNull(stream, "stream must not be null") + "' expected "
                + Objects.requireNonNull(expected, "expected must not be null") + " but the stream "
                + (actualVersion == EventStore.NO_VERSION ? "does not exist (no visible event)"
                        : "is at version " + actualVersion));
        this.stream = stream;
        this.expected = expected;
        this.actualVersion = actualVersion;
    }

    /** The stream the request was for. */
    public StreamName stream() {
        return stream;
    }

    /** What the request expected. */
    public ExpectedVersion expected() {
        return expected;
    }

    /** The version of the stream's last visible event at the check, or {@link EventStore#NO_VERSION}. */
    public long actualVersion() {
        return actualVersion;
    }
}
