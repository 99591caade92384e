package dev.microlab.exercises.order;

/** A new order was started for {@code customerId}. */
public record OrderCreated(String orderId, String customerId) implements OrderEvent {
}
