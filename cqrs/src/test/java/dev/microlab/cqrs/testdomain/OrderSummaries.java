package dev.microlab.cqrs.testdomain;

import dev.microlab.cqrs.PersistentMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The read model: summaries by order id, and how many events built it (an event applied twice shows). */
public record OrderSummaries(Map<String, OrderSummary> orders, long eventsApplied) {

    public static final OrderSummaries EMPTY = new OrderSummaries(Map.of(), 0);

    /** Keeps the orders in a PersistentMap (a model read back from a file comes with another map). */
    public OrderSummaries {
        orders = PersistentMap.copyOf(orders);
    }

    public Optional<OrderSummary> find(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    OrderSummaries with(OrderSummary summary) {
        return new OrderSummaries(((PersistentMap<String, OrderSummary>) orders).with(summary.orderId(), summary),
                eventsApplied + 1);
    }

    OrderSummaries update(String orderId, UnaryOperator<OrderSummary> change) {
        return with(change.apply(find(orderId).orElseThrow(
                () -> new IllegalStateException("the read model has no order " + orderId))));
    }
}
