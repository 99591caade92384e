package dev.microlab.examples.order;

import dev.microlab.cqrs.InMemoryProjectionStore;
import dev.microlab.cqrs.Projection;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;

/**
 * The projection that builds {@link OrderSummaries} from the order events: one handler per
 * event type, each returning the next model.
 *
 * <pre>{@code
 * Projection<OrderSummaries> summaries = OrderSummaryProjection.builder("order-summaries", store, serializer)
 *         .poisonPolicy(PoisonEventPolicy.PARK)
 *         .build();
 * summaries.drain();
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class OrderSummaryProjection {

    private OrderSummaryProjection() {
    }

    /** A projection builder with the order handlers and in-memory stores; add options and build. */
    public static Projection.Builder<OrderSummaries> builder(String name, EventStore store,
            EventSerializer serializer) {
        return Projection.builder(name, store, serializer, InMemoryProjectionStore.factory(OrderSummaries.EMPTY))
                .on(OrderEvent.OrderCreated.class, (model, e, recorded) -> model.with(OrderSummary.created(e)))
                .on(OrderEvent.ItemAdded.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withItemAdded(e)))
                .on(OrderEvent.ItemRemoved.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withItemRemoved(e)))
                .on(OrderEvent.OrderConfirmed.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withStatus(OrderStatus.CONFIRMED)))
                .on(OrderEvent.OrderCancelled.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withStatus(OrderStatus.CANCELLED)));
    }
}
