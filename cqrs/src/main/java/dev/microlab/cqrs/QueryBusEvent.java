package dev.microlab.cqrs;

/**
 * What a {@link QueryBus} reports to listeners of its {@link QueryBus#eventPublisher()}: the moments
 * eventual consistency became visible to a caller.
 *
 * <pre>{@code
 * queries.eventPublisher().subscribe(e -> metrics.increment("stale-reads"));
 * }</pre>
 *
 * <p>Every implementation is an immutable record, so this type is threadsafe.
 */
public sealed interface QueryBusEvent {

    /** The query's class. */
    Class<?> queryType();

    /** A query gave up waiting: its read model was at {@code reachedPosition}, it needed {@code requiredPosition}. */
    record StaleRead(Class<?> queryType, long requiredPosition, long reachedPosition) implements QueryBusEvent {
    }
}
