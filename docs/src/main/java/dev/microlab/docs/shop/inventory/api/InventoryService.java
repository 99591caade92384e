package dev.microlab.docs.shop.inventory.api;

/**
 * The inventory service's contract: reserve stock for an order, release it again (the saga's
 * compensation), and read stock levels. Other services see only this interface and the records
 * beside it; the implementation and its event store are the inventory's own.
 *
 * <pre>{@code
 * StockReservation r = inventory.reserve(new ReserveStock("saga-o1:reserve-inventory:ACTION", "o1", "book", 2));
 * inventory.release(new ReleaseStock("saga-o1:reserve-inventory:COMPENSATION", "o1"));
 * }</pre>
 *
 * <p>Every command carries an idempotency key: the same key twice (a retry, a redelivery) is
 * applied once and answered as the first time. Implementations are threadsafe.
 */
public interface InventoryService {

    /**
     * Takes {@code quantity} of the SKU out of the available stock for the order.
     *
     * @throws OutOfStockException if fewer are available (nothing is reserved)
     */
    StockReservation reserve(ReserveStock command);

    /**
     * Puts back what the order reserved; releasing an order with no reservation does nothing
     * (a compensation may arrive for an action that never did).
     */
    void release(ReleaseStock command);

    /** The stock of {@code query.sku()} now. */
    StockLevel stock(GetStock query);
}
