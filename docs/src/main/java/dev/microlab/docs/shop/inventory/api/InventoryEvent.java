package dev.microlab.docs.shop.inventory.api;

/**
 * What happened in the inventory, as recorded in its event store (one stream per SKU).
 *
 * <pre>{@code
 * switch (event) {
 *     case InventoryEvent.StockAdded a -> ...
 *     case InventoryEvent.StockReserved r -> ...
 *     case InventoryEvent.StockReleased r -> ...
 * }
 * }</pre>
 *
 * <p>Implementations are immutable records; this type is threadsafe.
 */
public sealed interface InventoryEvent {

    /** The SKU the event is about. */
    String sku();

    /**
     * Stock arrived.
     *
     * @param sku      the SKU
     * @param quantity units added
     */
    record StockAdded(String sku, int quantity) implements InventoryEvent {
    }

    /**
     * Stock was reserved for an order.
     *
     * @param sku            the SKU
     * @param orderId        the order
     * @param quantity       units reserved
     * @param idempotencyKey the command's key
     */
    record StockReserved(String sku, String orderId, int quantity, String idempotencyKey) implements InventoryEvent {
    }

    /**
     * A reservation was released.
     *
     * @param sku      the SKU
     * @param orderId  the order
     * @param quantity units put back
     */
    record StockReleased(String sku, String orderId, int quantity) implements InventoryEvent {
    }
}
