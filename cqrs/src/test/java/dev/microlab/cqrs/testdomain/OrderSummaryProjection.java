package dev.microlab.cqrs.testdomain;

import dev.microlab.cqrs.InMemoryProjectionStore;
import dev.microlab.cqrs.Projection;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;

/** The projection that builds {@link OrderSummaries}, one handler per event type. */
public final class OrderSummaryProjection {

    private OrderSummaryProjection() {
    }

    public static Projection.Builder<OrderSummaries> builder(String name, EventStore store,
            EventSerializer serializer) {
        return Projection.builder(name, store, serializer, InMemoryProjectionStore.factory(OrderSummaries.EMPTY))
                .on(OrderEvent.OrderCreated.class, (model, e, recorded) -> model.with(OrderSummary.created(e)))
                .on(OrderEvent.ItemAdded.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withItemAdded(e)))
                .on(OrderEvent.ItemRemoved.class, (model, e, recorded) ->
                        model.update(e.orderId(), s -> s.withItemRemoved(e)))
                .on(OrderEvent.OrderConfirmed.class, (model, e, recorded) ->
                        model.update(e.orderId(), OrderSummary::confirmed));
    }
}
