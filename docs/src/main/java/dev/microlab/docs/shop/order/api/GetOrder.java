package dev.microlab.docs.shop.order.api;

import java.util.Objects;

/**
 * Query: one order from the read model.
 *
 * <pre>{@code
 * orders.order(new GetOrder("o1")).map(OrderView::status);
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param orderId the order
 */
public record GetOrder(String orderId) {

    /** Validates: no null. */
    public GetOrder {
        Objects.requireNonNull(orderId, "orderId must not be null");
    }
}
