package dev.microlab.docs.shop.order.api;

import java.util.Objects;

/**
 * DTO: an order as the read model shows it.
 *
 * <pre>{@code
 * OrderView view = orders.order(new GetOrder("o1")).orElseThrow();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param orderId     the order
 * @param customerId  who ordered
 * @param sku         what
 * @param quantity    how many
 * @param totalCents  the total, in cents
 * @param status      where it stands
 * @param paymentId   the charge, or "" before payment
 * @param trackingId  the parcel, or "" before shipping
 */
public record OrderView(String orderId, String customerId, String sku, int quantity, long totalCents,
        OrderStatus status, String paymentId, String trackingId) {

    /** Validates: no nulls. */
    public OrderView {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(paymentId, "paymentId must not be null");
        Objects.requireNonNull(trackingId, "trackingId must not be null");
    }

    /** A copy in {@code newStatus}. */
    public OrderView withStatus(OrderStatus newStatus) {
        return new OrderView(orderId, customerId, sku, quantity, totalCents, newStatus, paymentId, trackingId);
    }

    /** A copy, paid with {@code newPaymentId}. */
    public OrderView paid(String newPaymentId) {
        return new OrderView(orderId, customerId, sku, quantity, totalCents, OrderStatus.PAID, newPaymentId,
                trackingId);
    }

    /** A copy, shipped as {@code newTrackingId}. */
    public OrderView shipped(String newTrackingId) {
        return new OrderView(orderId, customerId, sku, quantity, totalCents, OrderStatus.SHIPPED, paymentId,
                newTrackingId);
    }
}
