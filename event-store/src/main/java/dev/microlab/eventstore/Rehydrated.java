package dev.microlab.eventstore;

/**
 * A state rebuilt by a {@link Rehydrator}: the state, the stream version it includes (the
 * expected version for the next append), and how it was obtained.
 *
 * <p>This class is threadsafe if {@code S} is immutable.
 *
 * @param state          the state after applying every visible event
 * @param version        the version of the last event applied, or {@link EventStore#NO_VERSION}
 * @param fromSnapshot   whether a snapshot was used as the starting point
 * @param eventsReplayed how many events were applied on top of the snapshot (or initial state)
 * @param <S>            the state type
 *
 * <pre>{@code
 * Rehydrated<Cart> cart = rehydrator.load(stream);
 * store.append(stream, cart.expectedVersion(), cart.state().checkout());
 * }</pre>
 */
public record Rehydrated<S>(S state, long version, boolean fromSnapshot, long eventsReplayed) {

    /** The expected version for appending the next events of this stream. */
    public ExpectedVersion expectedVersion() {
        return ExpectedVersion.of(version);
    }
}
