package dev.microlab.docs.shop.order.api;

import java.util.Objects;

/**
 * DTO: how placing an order ended.
 *
 * <pre>{@code
 * OrderReceipt r = orders.placeOrder(command).toCompletableFuture().get();
 * if (r.status() == OrderStatus.CANCELLED) { tell(r.reason()); }
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param orderId    the order
 * @param status     SHIPPED, CANCELLED or FAILED
 * @param paymentId  the charge, or "" if none stands
 * @param trackingId the parcel, or "" if none
 * @param reason     why it was cancelled or failed, or ""
 */
public record OrderReceipt(String orderId, OrderStatus status, String paymentId, String trackingId, String reason) {

    /** Validates: no nulls. */
    public OrderReceipt {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(status, "status must not be null");
        Objects.requireNonNull(paymentId, "paymentId must not be null");
        Objects.requireNonNull(trackingId, "trackingId must not be null");
        Objects.requireNonNull(reason, "reason must not be null");
    }
}
