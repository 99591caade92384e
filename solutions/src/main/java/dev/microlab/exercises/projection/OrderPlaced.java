package dev.microlab.exercises.projection;

/** {@code customerId} placed order {@code orderId}. */
public record OrderPlaced(String orderId, String customerId) implements ShopEvent {
}
