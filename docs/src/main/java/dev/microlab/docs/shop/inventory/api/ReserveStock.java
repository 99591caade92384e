package dev.microlab.docs.shop.inventory.api;

import java.util.Objects;

/**
 * Command: reserve {@code quantity} of {@code sku} for {@code orderId}.
 *
 * <pre>{@code
 * inventory.reserve(new ReserveStock(key, "o1", "book", 2));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param idempotencyKey the same key is applied once
 * @param orderId        the order the stock is for
 * @param sku            the stock keeping unit
 * @param quantity       how many, at least 1
 */
public record ReserveStock(String idempotencyKey, String orderId, String sku, int quantity) {

    /** Validates: no nulls, quantity at least 1. */
    public ReserveStock {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
        }
    }
}
