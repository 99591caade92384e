package dev.microlab.examples.order;

import dev.microlab.eventstore.EventTypeRegistry;

/**
 * The stable aliases the order events are stored under. Renaming or moving a class changes
 * nothing in the store; only these strings must never change.
 *
 * <pre>{@code
 * EventSerializer serializer = new EventSerializer(OrderEventTypes.registry());
 * }</pre>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class OrderEventTypes {

    private OrderEventTypes() {
    }

    /** Adds the order events to {@code builder}. */
    public static EventTypeRegistry.Builder register(EventTypeRegistry.Builder builder) {
        return builder.register("order-created", OrderEvent.OrderCreated.class)
                .register("order-item-added", OrderEvent.ItemAdded.class)
                .register("order-item-removed", OrderEvent.ItemRemoved.class)
                .register("order-confirmed", OrderEvent.OrderConfirmed.class)
                .register("order-cancelled", OrderEvent.OrderCancelled.class);
    }

    /** A registry with the order events only. */
    public static EventTypeRegistry registry() {
        return register(EventTypeRegistry.builder()).build();
    }
}
