package dev.microlab.docs.shop.payment.api;

/**
 * The answer of a charge: approved with a payment id, or declined with a reason.
 *
 * @param approved  whether the money was taken
 * @param paymentId the payment's id when approved, else empty
 * @param instance  the payment instance that answered
 * @param reason    why it was declined, else empty
 */
public record ChargeResult(boolean approved, String paymentId, String instance, String reason) {
}
