package dev.microlab.cqrs.example.order;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The read model of order summaries: an immutable map from order id to {@link OrderSummary},
 * plus how many events it was built from (so a test can tell an event applied twice).
 *
 * <p>Each change returns a new value (copy on write: fine for thousands of orders; a real
 * service keeps this in a table, see {@link dev.microlab.cqrs.ProjectionStore}).
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param orders        the summaries by order id
 * @param eventsApplied how many order events the model includes
 */
public record OrderSummaries(Map<String, OrderSummary> orders, long eventsApplied) {

    /** No order. */
    public static final OrderSummaries EMPTY = new OrderSummaries(Map.of(), 0);

    /** Copies. */
    public OrderSummaries {
        orders = Map.copyOf(Objects.requireNonNull(orders, "orders must not be null"));
    }

    /** The summary of {@code orderId}, if the model has it. */
    public Optional<OrderSummary> find(String orderId) {
        return Optional.ofNullable(orders.get(Objects.requireNonNull(orderId, "orderId must not be null")));
    }

    /** How many orders are in the model. */
    public int size() {
        return orders.size();
    }

    /** With {@code summary} added or replaced. */
    OrderSummaries with(OrderSummary summary) {
        Map<String, OrderSummary> next = new HashMap<>(orders);
        next.put(summary.orderId(), summary);
        return new OrderSummaries(next, eventsApplied + 1);
    }

    /**
     * With the summary of {@code orderId} changed by {@code change}.
     *
     * @throws IllegalStateException if the model has no such order (an event out of order)
     */
    OrderSummaries update(String orderId, UnaryOperator<OrderSummary> change) {
        OrderSummary current = orders.get(orderId);
        if (current == null) {
            throw new IllegalStateException("the read model has no order " + orderId
                    + ", but received an event for it (missing OrderCreated?)");
        }
        return with(change.apply(current));
    }
}
