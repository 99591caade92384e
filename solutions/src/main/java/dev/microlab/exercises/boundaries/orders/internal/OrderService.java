package dev.microlab.exercises.boundaries.orders.internal;

import dev.microlab.exercises.boundaries.inventory.api.InventoryApi;
import dev.microlab.exercises.boundaries.orders.api.OrdersApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The order service's implementation of its API; it reaches inventory only through {@link InventoryApi}. */
public final class OrderService implements OrdersApi {

    private final InventoryApi inventory;
    private final List<String> placed = new ArrayList<>();

    public OrderService(InventoryApi inventory) {
        this.inventory = Objects.requireNonNull(inventory, "inventory must not be null");
    }

    @Override
    public synchronized boolean place(String orderId, String sku, int quantity) {
        if (!inventory.reserve(orderId, sku, quantity)) {
            return false;
        }
        placed.add(orderId);
        return true;
    }

    @Override
    public synchronized List<String> placedOrders() {
        return List.copyOf(placed);
    }
}
