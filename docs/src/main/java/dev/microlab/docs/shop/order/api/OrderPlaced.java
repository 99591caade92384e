package dev.microlab.docs.shop.order.api;

/**
 * What became of a placed order.
 *
 * @param orderId    the order
 * @param state      COMPLETED, COMPENSATED or FAILED
 * @param paymentId  the payment, when paid
 * @param paidBy     the payment instance that took the money, when paid
 * @param trackingId the shipment, when shipped
 */
public record OrderPlaced(String orderId, String state, String paymentId, String paidBy, String trackingId) {
}
