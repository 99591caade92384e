package dev.microlab.eventstore;

/**
 * What the writer believes about a stream when it appends: the optimistic-concurrency check
 * that an event store makes atomically with the write.
 *
 * <p>Stream versions are zero-based: the first event of a stream has version 0, so a stream
 * with three events is at version 2. A stream that has no visible event (never written, or
 * soft-deleted) has no version ({@link EventStore#NO_VERSION}, -1).
 *
 * <ul>
 *   <li>{@link #ANY}: no check; the events go at the end of the stream.</li>
 *   <li>{@link #NO_STREAM}: the stream must have no visible event (it is new, or was
 *       soft-deleted). Several events may be appended in one go (KurrentDB client #159).</li>
 *   <li>{@link #STREAM_EXISTS}: the stream must have at least one visible event.</li>
 *   <li>{@link #exact(long) exact(n)}: the stream's last event must have version {@code n}.
 *       {@code exact(n)} on a stream that does not exist always fails, whatever {@code n}
 *       (Marten #2864).</li>
 * </ul>
 *
 * <pre>{@code
 * AppendResult first = store.append(stream, ExpectedVersion.NO_STREAM, placed);
 * store.append(stream, ExpectedVersion.exact(first.nextExpectedVersion()), paid);
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public sealed interface ExpectedVersion {

    /** No concurrency check. */
    ExpectedVersion ANY = new Any();
    /** The stream must not exist (or be soft-deleted). */
    ExpectedVersion NO_STREAM = new NoStream();
    /** The stream must exist. */
    ExpectedVersion STREAM_EXISTS = new StreamExists();

    /**
     * The stream's last event must have exactly this version.
     *
     * @throws IllegalArgumentException if {@code version} is negative
     */
    static ExpectedVersion exact(long version) {
        return new Exact(version);
    }

    /**
     * {@link #NO_STREAM} for {@link EventStore#NO_VERSION}, else {@code exact(version)}: the
     * expectation of a writer that has just read the stream up to {@code version}.
     */
    static ExpectedVersion of(long version) {
        return version == EventStore.NO_VERSION ? NO_STREAM : exact(version);
    }

    /** Whether a stream whose visible last version is {@code actualVersion} (-1: none) satisfies this. */
    boolean isSatisfiedBy(long actualVersion);

    /** No check. */
    record Any() implements ExpectedVersion {
        @Override
        public boolean isSatisfiedBy(long actualVersion) {
            return true;
        }

        @Override
        public String toString() {
            return "ANY";
        }
    }

    /** The stream must have no visible event. */
    record NoStream() implements ExpectedVersion {
        @Override
        public boolean isSatisfiedBy(long actualVersion) {
            return actualVersion == EventStore.NO_VERSION;
        }

        @Override
        public String toString() {
            return "NO_STREAM";
        }
    }

    /** The stream must have a visible event. */
    record StreamExists() implements ExpectedVersion {
        @Override
        public boolean isSatisfiedBy(long actualVersion) {
            return actualVersion != EventStore.NO_VERSION;
        }

        @Override
        public String toString() {
            return "STREAM_EXISTS";
        }
    }

    /**
     * The last event must have version {@code version}.
     *
     * @param version the expected version of the last event, &gt;= 0
     */
    record Exact(long version) implements ExpectedVersion {
        /** @throws IllegalArgumentException if {@code version} is negative */
        public Exact {
            if (version < 0) {
                throw new IllegalArgumentException("expected version must be >= 0 (use NO_STREAM for a new stream),"
                        + " but was " + version);
            }
        }

        @Override
        public boolean isSatisfiedBy(long actualVersion) {
            return actualVersion == version;
        }

        @Override
        public String toString() {
            return "exact(" + version + ")";
        }
    }
}
