package dev.microlab.docs.shop.inventory.api;

import java.util.Objects;

/**
 * Command: put back what {@code orderId} reserved (the compensation of {@link ReserveStock}).
 *
 * <pre>{@code
 * inventory.release(new ReleaseStock(key, "o1"));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param idempotencyKey the same key is applied once
 * @param orderId        the order whose reservation is released
 */
public record ReleaseStock(String idempotencyKey, String orderId) {

    /** Validates: no nulls. */
    public ReleaseStock {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
    }
}
