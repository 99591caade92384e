package dev.microlab.docs.shop.inventory.api;

/**
 * What other services may ask the inventory service: reserve and release stock, read what is
 * available. Calls carry an idempotency key, so a retried or replayed call has no second effect.
 *
 * <pre>{@code
 * inventory.reserve("o1:reserve:action", "book", 1);
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public interface InventoryApi {

    /**
     * Reserves {@code quantity} of {@code sku}.
     *
     * @throws OutOfStockException if fewer are available
     */
    void reserve(String key, String sku, int quantity) throws Exception;

    /** Releases a reservation made with the action key matching {@code key}; a no-op if there was none. */
    void release(String key, String sku, int quantity) throws Exception;

    /** Units of {@code sku} available now. */
    int available(String sku);
}
