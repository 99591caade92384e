package dev.microlab.cqrs;

/**
 * Turns an aggregate's state into bytes and back, for the snapshots an
 * {@link AggregateRepository} takes every N events.
 *
 * <p>The {@link #revision()} is the version of the snapshot's shape. Change it whenever the
 * encoded state changes shape: stored snapshots of another revision are then ignored, and
 * aggregates are rebuilt from their events. A snapshot that {@link #decode} cannot read is
 * ignored too (logged), never a reason to fail a load.
 *
 * <pre>{@code
 * AggregateSnapshotCodec<Order> codec = new OrderSnapshotCodec();   // Jackson over a state record
 * AggregateRepository<Order, OrderEvent> orders = AggregateRepository.builder(...)
 *         .snapshots(new InMemorySnapshotStore(), codec, 100)
 *         .build();
 * }</pre>
 *
 * <p>Not to be confused with the event store's {@link dev.microlab.eventstore.SnapshotCodec}, which
 * encodes an immutable state for a {@link dev.microlab.eventstore.Rehydrator}: this one knows the
 * aggregate's id and its schema revision, and the repository adapts it to that one (the
 * repository loads through a {@code Rehydrator}, so both take the same path).
 *
 * <p>Implementations must be threadsafe.
 *
 * @param <A> the aggregate type
 */
public interface AggregateSnapshotCodec<A extends AggregateRoot<?>> {

    /** The revision of the encoded shape, &gt;= 1. */
    int revision();

    /** The aggregate's state (without its pending events, which the repository has just saved). */
    byte[] encode(A aggregate);

    /**
     * A new aggregate with id {@code aggregateId} in the encoded state. The repository sets
     * its version from the snapshot.
     *
     * @throws RuntimeException if the bytes cannot be read; the snapshot is then ignored
     */
    A decode(String aggregateId, byte[] state);
}
