package dev.microlab.examples.order;

import dev.microlab.cqrs.Query;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks for the summary of one order.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param orderId the order
 */
public record GetOrderSummary(String orderId) implements Query<Optional<OrderSummary>> {

    /** Validates. */
    public GetOrderSummary {
        Objects.requireNonNull(orderId, "orderId must not be null");
    }
}
