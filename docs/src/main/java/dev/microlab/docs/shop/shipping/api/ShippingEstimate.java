package dev.microlab.docs.shop.shipping.api;

import java.time.Instant;
import java.util.Objects;

/**
 * DTO: shipping's estimate of a delivery.
 *
 * <pre>{@code
 * Instant arrives = shipping.estimate(new EstimateDelivery("book", 2)).deliverBy();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param sku       what would be shipped
 * @param quantity  how many
 * @param deliverBy when it would arrive, at the latest
 */
public record ShippingEstimate(String sku, int quantity, Instant deliverBy) {

    /** Validates: no nulls. */
    public ShippingEstimate {
        Objects.requireNonNull(sku, "sku must not be null");
        Objects.requireNonNull(deliverBy, "deliverBy must not be null");
    }
}
