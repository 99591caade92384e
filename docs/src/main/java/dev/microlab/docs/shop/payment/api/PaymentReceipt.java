package dev.microlab.docs.shop.payment.api;

import java.util.Objects;

/**
 * DTO: the answer to {@link ChargePayment}.
 *
 * <pre>{@code
 * String paymentId = payments.charge(command).paymentId();
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param paymentId   identifies the charge
 * @param orderId     the order paid for
 * @param customerId  who paid
 * @param amountCents how much, in cents
 * @param instanceId  the payment instance that took the charge
 */
public record PaymentReceipt(String paymentId, String orderId, String customerId, long amountCents,
        String instanceId) {

    /** Validates: no nulls. */
    public PaymentReceipt {
        Objects.requireNonNull(paymentId, "paymentId must not be null");
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(instanceId, "instanceId must not be null");
    }
}
