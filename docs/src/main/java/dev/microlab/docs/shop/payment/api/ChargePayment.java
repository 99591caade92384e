package dev.microlab.docs.shop.payment.api;

import java.util.Objects;

/**
 * Command: charge {@code customerId} {@code amountCents} (minor units) for {@code orderId}.
 *
 * <pre>{@code
 * payments.charge(new ChargePayment(key, "o1", "alice", 2_500));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param idempotencyKey the same key is charged once
 * @param orderId        the order paid for
 * @param customerId     whose wallet pays
 * @param amountCents    the amount in cents, at least 1
 */
public record ChargePayment(String idempotencyKey, String orderId, String customerId, long amountCents) {

    /** Validates: no nulls, a positive amount. */
    public ChargePayment {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        if (amountCents < 1) {
            throw new IllegalArgumentException("amountCents must be >= 1, but was " + amountCents);
        }
    }
}
