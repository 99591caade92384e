package dev.microlab.cqrs;

import dev.microlab.eventstore.RecordedEvent;

/**
 * Applies one event type to a read model: takes the current model and returns the next one.
 * Pure: no side effect, no I/O, the same result for the same input, because it runs again
 * for every event on each rebuild.
 *
 * <pre>{@code
 * ProjectionHandler<OrderSummaries, OrderConfirmed> confirmed =
 *         (model, event, recorded) -> model.update(event.orderId(), s -> s.withStatus(OrderStatus.CONFIRMED));
 * }</pre>
 *
 * <p>A handler is called by one thread at a time (the projection's), but must be threadsafe if
 * it is shared between projections.
 *
 * @param <S> the read model type
 * @param <E> the event type
 */
@FunctionalInterface
public interface ProjectionHandler<S, E> {

    /**
     * The model after {@code event}.
     *
     * @param recorded where and when the event was stored (position, stream, metadata)
     * @throws Exception if the event cannot be applied; the {@link PoisonEventPolicy} decides what follows
     */
    S apply(S model, E event, RecordedEvent recorded) throws Exception;
}
