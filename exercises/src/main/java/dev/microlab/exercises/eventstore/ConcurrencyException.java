package dev.microlab.exercises.eventstore;

/**
 * An append expected a stream at one version and found it at another: someone else wrote to the
 * stream since the caller read it. The caller should reload, decide again, and retry.
 */
public final class ConcurrencyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String streamId;
    private final long expectedVersion;
    private final long actualVersion;

    public ConcurrencyException(String streamId, long expectedVersion, long actualVersion) {
        super("stream " + streamId + ": expected version " + expectedVersion + ", but it is at " + actualVersion);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long actualVersion() {
        return actualVersion;
    }
}
