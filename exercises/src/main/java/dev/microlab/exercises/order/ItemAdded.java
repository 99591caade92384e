package dev.microlab.exercises.order;

/** {@code item} was added to the order. */
public record ItemAdded(String orderId, OrderItem item) implements OrderEvent {
}
