package dev.microlab.docs.shop.order.internal;

import java.util.Objects;

/**
 * The order saga's data: the order, and what each step got back. The saga log records it as
 * JSON after every step, so a resumed saga knows the reservation and the payment.
 *
 * <pre>{@code
 * OrderSagaData data = OrderSagaData.of("o1", "alice", "book", 2, 2_500).withPaymentId("pay-1");
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param orderId       the order (and saga id)
 * @param customerId    who pays
 * @param sku           what
 * @param quantity      how many
 * @param totalCents    the total in cents
 * @param reservationId the stock reservation, or "" before
 * @param paymentId     the charge, or "" before
 * @param trackingId    the parcel, or "" before
 */
public record OrderSagaData(String orderId, String customerId, String sku, int quantity, long totalCents,
        String reservationId, String paymentId, String trackingId) {

    /** Validates: no nulls. */
    public OrderSagaData {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        Objects.requireNonNull(reservationId, "reservationId must not be null");
        Objects.requireNonNull(paymentId, "paymentId must not be null");
        Objects.requireNonNull(trackingId, "trackingId must not be null");
    }

    /** A fresh order, nothing done yet. */
    public static OrderSagaData of(String orderId, String customerId, String sku, int quantity, long totalCents) {
        return new OrderSagaData(orderId, customerId, sku, quantity, totalCents, "", "", "");
    }

    /** A copy with the reservation. */
    public OrderSagaData withReservationId(String id) {
        return new OrderSagaData(orderId, customerId, sku, quantity, totalCents, id, paymentId, trackingId);
    }

    /** A copy with the payment. */
    public OrderSagaData withPaymentId(String id) {
        return new OrderSagaData(orderId, customerId, sku, quantity, totalCents, reservationId, id, trackingId);
    }

    /** A copy with the parcel. */
    public OrderSagaData withTrackingId(String id) {
        return new OrderSagaData(orderId, customerId, sku, quantity, totalCents, reservationId, paymentId, id);
    }
}
