package dev.microlab.exercises.boundaries.inventory.internal;

import dev.microlab.exercises.boundaries.orders.internal.OrderService;
import java.util.HashMap;
import java.util.Map;

/**
 * Inventory's storage of stock levels. Internal to the inventory service.
 *
 * <p>TODO (exercise 13): this class reaches into the order service (it asks OrderService whether
 * an order exists before reserving) — inventory is upstream and must not know about orders.
 */
public final class StockRepository {

    private final Map<String, Integer> stock = new HashMap<>();
    private OrderService orders;

    public StockRepository(Map<String, Integer> initialStock) {
        stock.putAll(initialStock);
    }

    /** BOUNDARY VIOLATION: inventory depends on the order service's internals. */
    public void setOrders(OrderService orders) {
        this.orders = orders;
    }

    public int level(String sku) {
        return stock.getOrDefault(sku, 0);
    }

    public void setLevel(String sku, int level) {
        stock.put(sku, level);
    }

    /** BOUNDARY VIOLATION: a check that belongs to the order service. */
    boolean knownOrder(String orderId) {
        return orders == null || orders.isPending(orderId);
    }
}
