package dev.microlab.docs.shop.order.internal;

/**
 * The order saga's data, written to the saga log as JSON after every step.
 *
 * @param orderId     the order
 * @param sku         what is bought
 * @param quantity    how many
 * @param amountCents the price in cents
 * @param paymentId   set by the payment step
 * @param paidBy      the payment instance that took the money
 * @param trackingId  set by the shipping step
 */
public record OrderData(String orderId, String sku, int quantity, long amountCents, String paymentId, String paidBy,
                        String trackingId) {

    /** A copy with the payment recorded. */
    public OrderData paid(String id, String instance) {
        return new OrderData(orderId, sku, quantity, amountCents, id, instance, trackingId);
    }

    /** A copy with the shipment recorded. */
    public OrderData shipped(String tracking) {
        return new OrderData(orderId, sku, quantity, amountCents, paymentId, paidBy, tracking);
    }
}
