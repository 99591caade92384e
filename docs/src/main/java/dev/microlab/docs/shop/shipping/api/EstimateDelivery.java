package dev.microlab.docs.shop.shipping.api;

import java.util.Objects;

/**
 * Query: when would {@code quantity} of {@code sku} arrive if shipped now.
 *
 * <pre>{@code
 * ShippingEstimate e = shipping.estimate(new EstimateDelivery("book", 2));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param sku      what would be shipped
 * @param quantity how many, at least 1
 */
public record EstimateDelivery(String sku, int quantity) {

    /** Validates: no null, quantity at least 1. */
    public EstimateDelivery {
        Objects.requireNonNull(sku, "sku must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
        }
    }
}
