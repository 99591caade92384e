package dev.microlab.cqrs.testdomain;

import dev.microlab.eventstore.EventTypeRegistry;

/** The aliases the order events are stored under. */
public final class OrderEventTypes {

    private OrderEventTypes() {
    }

    public static EventTypeRegistry registry() {
        return EventTypeRegistry.builder()
                .register("order-created", OrderEvent.OrderCreated.class)
                .register("order-item-added", OrderEvent.ItemAdded.class)
                .register("order-item-removed", OrderEvent.ItemRemoved.class)
                .register("order-confirmed", OrderEvent.OrderConfirmed.class)
                .build();
    }
}
