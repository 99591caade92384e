package dev.microlab.exercises.boundaries.orders.api;

/**
 * The order service's published API.
 */
public interface OrdersApi {

    /** Places an order for {@code quantity} units of {@code sku}; false (and nothing placed) if out of stock. */
    boolean place(String orderId, String sku, int quantity);

    /** The ids of the orders placed so far, in order. */
    java.util.List<String> placedOrders();
}
