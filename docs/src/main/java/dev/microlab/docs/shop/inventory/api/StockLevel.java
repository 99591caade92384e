package dev.microlab.docs.shop.inventory.api;

import java.util.Objects;

/**
 * DTO: how much of a SKU is available and how much is held by reservations.
 *
 * <pre>{@code
 * StockLevel level = inventory.stock(new GetStock("book"));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param sku       the stock keeping unit
 * @param available units that can still be reserved
 * @param reserved  units reserved by orders and not released (shipped orders included)
 */
public record StockLevel(String sku, int available, int reserved) {

    /** Validates: no null. */
    public StockLevel {
        Objects.requireNonNull(sku, "sku must not be null");
    }
}
