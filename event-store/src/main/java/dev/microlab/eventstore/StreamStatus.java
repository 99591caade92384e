package dev.microlab.eventstore;

/**
 * The life-cycle state of a stream. See {@link EventStore#deleteStream} and
 * {@link EventStore#tombstoneStream} for what the deleted states mean.
 *
 * <pre>{@code
 * boolean usable = store.streamInfo(order).status() != StreamStatus.TOMBSTONED;
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public enum StreamStatus {
    /** Never written. */
    NONE,
    /** Has at least one visible event. */
    ACTIVE,
    /** Soft-deleted and not written since: reads return nothing, NO_STREAM may recreate it. */
    SOFT_DELETED,
    /** Hard-deleted: the name can never be written or read again. */
    TOMBSTONED
}
