package dev.microlab.docs.shop.shipping.api;

import java.util.Objects;

/**
 * Command: ship {@code quantity} of {@code sku} for {@code orderId}.
 *
 * <pre>{@code
 * shipping.schedule(new ScheduleShipment(key, "o1", "book", 2));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param idempotencyKey the same key ships once
 * @param orderId        the order shipped
 * @param sku            what is shipped
 * @param quantity       how many, at least 1
 */
public record ScheduleShipment(String idempotencyKey, String orderId, String sku, int quantity) {

    /** Validates: no nulls, quantity at least 1. */
    public ScheduleShipment {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
        }
    }
}
