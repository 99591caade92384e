package dev.microlab.exercises.projection;

/** The order left the warehouse. */
public record OrderShipped(String orderId) implements ShopEvent {
}
