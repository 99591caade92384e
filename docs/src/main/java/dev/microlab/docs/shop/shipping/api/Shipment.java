package dev.microlab.docs.shop.shipping.api;

import java.time.Instant;
import java.util.Objects;

/**
 * DTO: a scheduled shipment.
 *
 * <pre>{@code
 * String tracking = shipping.schedule(command).trackingId();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param trackingId  the parcel's tracking number
 * @param orderId     the order shipped
 * @param sku         what is shipped
 * @param quantity    how many
 * @param scheduledAt when it was scheduled (virtual time in the catalog)
 */
public record Shipment(String trackingId, String orderId, String sku, int quantity, Instant scheduledAt) {

    /** Validates: no nulls. */
    public Shipment {
        Objects.requireNonNull(trackingId, "trackingId must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        Objects.requireNonNull(scheduledAt, "scheduledAt must not be null");
    }
}
