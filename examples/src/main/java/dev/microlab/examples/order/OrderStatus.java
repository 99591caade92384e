package dev.microlab.examples.order;

/**
 * Where an order is in its life: {@code PENDING -> CONFIRMED -> CANCELLED}, or
 * {@code PENDING -> CANCELLED}.
 *
 * <pre>{@code
 * order.status();   // Optional[PENDING] after create
 * }</pre>
 *
 * <p>This type is threadsafe (an enum).
 */
public enum OrderStatus {
    /** Created; items can be added and removed. */
    PENDING,
    /** Confirmed by the customer; its items can no longer change. It can still be cancelled. */
    CONFIRMED,
    /** Cancelled; nothing can happen to it any more. */
    CANCELLED
}
