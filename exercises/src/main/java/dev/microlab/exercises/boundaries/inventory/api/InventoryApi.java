package dev.microlab.exercises.boundaries.inventory.api;

/**
 * The inventory service's published API: the only door other services may use.
 */
public interface InventoryApi {

    /** Reserves {@code quantity} units of {@code sku} for {@code orderId}; false if there are not enough. */
    boolean reserve(String orderId, String sku, int quantity);

    /** Units of {@code sku} available (not reserved). */
    int available(String sku);
}
