package dev.microlab.docs.shop.order.api;

/**
 * Where an order stands.
 *
 * <pre>{@code
 * if (view.status() == OrderStatus.SHIPPED) { ... }
 * }</pre>
 *
 * <p>Enum constants are immutable; this type is threadsafe.
 */
public enum OrderStatus {
    /** Validated; stock and payment under way. */
    PLACED,
    /** Paid; shipping under way. */
    PAID,
    /** Shipped: the saga completed. */
    SHIPPED,
    /** Cancelled: a step failed and every earlier step was compensated. */
    CANCELLED,
    /** A compensation failed for good: an operator must look (the saga log says where). */
    FAILED
}
