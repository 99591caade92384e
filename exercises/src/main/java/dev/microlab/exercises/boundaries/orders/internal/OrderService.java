package dev.microlab.exercises.boundaries.orders.internal;

import dev.microlab.exercises.boundaries.inventory.internal.StockRepository;
import dev.microlab.exercises.boundaries.orders.api.OrdersApi;
import java.util.ArrayList;
import java.util.List;

/**
 * The order service's implementation of its API.
 *
 * <p>TODO (exercise 13): this class changes inventory's stock table directly, instead of asking
 * the inventory service through {@code InventoryApi}.
 */
public final class OrderService implements OrdersApi {

    private final StockRepository stock;
    private final List<String> placed = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();

    /** BOUNDARY VIOLATION: the order service holds inventory's internal repository. */
    public OrderService(StockRepository stock) {
        this.stock = stock;
    }

    @Override
    public boolean place(String orderId, String sku, int quantity) {
        pending.add(orderId);
        try {
            // BOUNDARY VIOLATION: reads and writes another service's data directly.
            if (stock.level(sku) < quantity) {
                return false;
            }
            stock.setLevel(sku, stock.level(sku) - quantity);
            placed.add(orderId);
            return true;
        } finally {
            pending.remove(orderId);
        }
    }

    @Override
    public List<String> placedOrders() {
        return List.copyOf(placed);
    }

    /** Whether {@code orderId} is being placed right now. */
    public boolean isPending(String orderId) {
        return pending.contains(orderId);
    }
}
