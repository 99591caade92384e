package dev.microlab.docs.shop.payment.api;

import java.util.Objects;

/**
 * Command: refund what {@code orderId} was charged (the compensation of {@link ChargePayment}).
 *
 * <pre>{@code
 * payments.refund(new RefundPayment(key, "o1"));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param idempotencyKey the same key is refunded once
 * @param orderId        the order whose charge is refunded
 */
public record RefundPayment(String idempotencyKey, String orderId) {

    /** Validates: no nulls. */
    public RefundPayment {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
    }
}
