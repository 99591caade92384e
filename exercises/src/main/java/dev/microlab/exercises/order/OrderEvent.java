package dev.microlab.exercises.order;

/** A domain event raised by {@link Order}: something that happened to an order. */
public sealed interface OrderEvent permits OrderCreated, ItemAdded, OrderConfirmed {

    String orderId();
}
