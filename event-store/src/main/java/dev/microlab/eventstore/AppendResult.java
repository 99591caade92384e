package dev.microlab.eventstore;

import java.util.Objects;

/**
 * What a successful append reports: the version to expect for the next append to the stream,
 * and the global position of the last event written.
 *
 * <pre>{@code
 * AppendResult r = store.append(stream, ExpectedVersion.NO_STREAM, events);
 * store.append(stream, r.nextExpected(), more);
 * }</pre>
 *
 * <p>For an empty append (which writes nothing) both fields describe the stream as it is: its
 * last version ({@link EventStore#NO_VERSION} if it has none) and the position of its last
 * event ({@link EventStore#START} if it has none). For an idempotent retry they are those of
 * the original append.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param stream              the stream appended to
 * @param nextExpectedVersion the version of the stream's last event after this append
 * @param lastPosition        the global position of the last event of this append
 */
public record AppendResult(StreamName stream, long nextExpectedVersion, long lastPosition) {

    /** Validates. */
    public AppendResult {
        Objects.requireNonNull(stream, "stream must not be null");
    }

    /** The expected version a writer that saw this result should use next. */
    public ExpectedVersion nextExpected() {
        return ExpectedVersion.of(nextExpectedVersion);
    }
}
