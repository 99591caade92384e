package dev.microlab.exercises.projection;

/** The events of the order side that the read model follows. */
public sealed interface ShopEvent permits OrderPlaced, ItemAdded, OrderShipped {

    String orderId();
}
