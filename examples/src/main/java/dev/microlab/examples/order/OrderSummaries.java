package dev.microlab.examples.order;

import dev.microlab.cqrs.PersistentMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The read model of order summaries: an immutable map from order id to {@link OrderSummary},
 * plus how many events it was built from (so a test can tell an event applied twice).
 *
 * <p>Each change returns a new value, as the projection commits model and checkpoint together as
 * one immutable value. The map is a {@link PersistentMap} (a persistent hash trie): a change copies
 * only the path to the changed order, O(log32 n), and shares the rest with the previous value, so
 * an event costs the same with 100 or 100,000 orders (a plain copy on write would copy every
 * order per event). A real service keeps this in a table, see {@link dev.microlab.cqrs.ProjectionStore}.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param orders        the summaries by order id
 * @param eventsApplied how many order events the model includes
 */
public record OrderSummaries(Map<String, OrderSummary> orders, long eventsApplied) {

    /** No order. */
    public static final OrderSummaries EMPTY = new OrderSummaries(Map.of(), 0);

    /** Copies (unless {@code orders} is already one of this model's immutable maps). */
    public OrderSummaries {
        Objects.requireNonNull(orders, "orders must not be null");
        orders = PersistentMap.copyOf(orders); // O(1) when it already is one; rejects null ids and summaries
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
        // the compact constructor made orders a PersistentMap: this shares all but one path
        PersistentMap<String, OrderSummary> trie = (PersistentMap<String, OrderSummary>) orders;
        return new OrderSummaries(trie.with(summary.orderId(), summary), eventsApplied + 1);
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
