package dev.microlab.examples.saga;

import java.util.Objects;

/**
 * The data of the order saga: what was ordered, and what the steps recorded (payment id,
 * tracking number).
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param orderId     the order
 * @param sku         the product
 * @param quantity    how many
 * @param amountCents the price, in cents (never a double)
 * @param paymentId   set by the payment step, or null
 * @param trackingId  set by the shipping step, or null
 */
public record Order(String orderId, String sku, int quantity, long amountCents, String paymentId, String trackingId) {

    /** Validates. */
    public Order {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
    }

    /** A new order, not yet paid nor shipped. */
    public static Order of(String orderId, String sku, int quantity, long amountCents) {
        return new Order(orderId, sku, quantity, amountCents, null, null);
    }

    /** A copy with the payment recorded. */
    public Order withPaymentId(String id) {
        return new Order(orderId, sku, quantity, amountCents, id, trackingId);
    }

    /** A copy with the shipment recorded. */
    public Order withTrackingId(String id) {
        return new Order(orderId, sku, quantity, amountCents, paymentId, id);
    }
}
