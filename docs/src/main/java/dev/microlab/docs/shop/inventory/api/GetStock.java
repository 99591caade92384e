package dev.microlab.docs.shop.inventory.api;

import java.util.Objects;

/**
 * Query: the stock level of one SKU.
 *
 * <pre>{@code
 * int left = inventory.stock(new GetStock("book")).available();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param sku the stock keeping unit
 */
public record GetStock(String sku) {

    /** Validates: no null. */
    public GetStock {
        Objects.requireNonNull(sku, "sku must not be null");
    }
}
