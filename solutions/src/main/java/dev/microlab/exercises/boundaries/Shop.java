package dev.microlab.exercises.boundaries;

import dev.microlab.exercises.boundaries.inventory.api.InventoryApi;
import dev.microlab.exercises.boundaries.inventory.internal.InventoryService;
import dev.microlab.exercises.boundaries.inventory.internal.StockRepository;
import dev.microlab.exercises.boundaries.orders.api.OrdersApi;
import dev.microlab.exercises.boundaries.orders.internal.OrderService;
import java.util.Map;

/**
 * Exercise 13: the composition root of a two-service shop — the one place allowed to see both
 * services' internals, to wire them together.
 */
public final class Shop {

    private final OrdersApi orders;
    private final InventoryApi inventory;

    private Shop(OrdersApi orders, InventoryApi inventory) {
        this.orders = orders;
        this.inventory = inventory;
    }

    /** A shop whose inventory starts with {@code stock} (sku → units). */
    public static Shop withStock(Map<String, Integer> stock) {
        InventoryApi inventory = new InventoryService(new StockRepository(stock));
        return new Shop(new OrderService(inventory), inventory);
    }

    public OrdersApi orders() {
        return orders;
    }

    public InventoryApi inventory() {
        return inventory;
    }
}
