package dev.microlab.docs.shop.order.api;

/**
 * What happened to an order, as recorded in the order service's event store (one stream
 * {@code order-<id>}); the read model is a projection of these.
 *
 * <pre>{@code
 * switch (event) {
 *     case OrderEvent.OrderPlaced p -> ...
 *     case OrderEvent.OrderPaid p -> ...
 *     case OrderEvent.OrderShipped s -> ...
 *     case OrderEvent.OrderCancelled c -> ...
 * }
 * }</pre>
 *
 * <p>Implementations are immutable records; this type is threadsafe.
 */
public sealed interface OrderEvent {

    /** The order the event is about. */
    String orderId();

    /**
     * The order was validated and accepted.
     *
     * @param orderId    the order
     * @param customerId who ordered
     * @param sku        what
     * @param quantity   how many
     * @param totalCents the total in cents
     */
    record OrderPlaced(String orderId, String customerId, String sku, int quantity, long totalCents)
            implements OrderEvent {
    }

    /**
     * The order was paid.
     *
     * @param orderId   the order
     * @param paymentId the charge
     */
    record OrderPaid(String orderId, String paymentId) implements OrderEvent {
    }

    /**
     * The order was shipped.
     *
     * @param orderId    the order
     * @param trackingId the parcel
     */
    record OrderShipped(String orderId, String trackingId) implements OrderEvent {
    }

    /**
     * The order was cancelled (the saga's compensation of its first step).
     *
     * @param orderId the order
     */
    record OrderCancelled(String orderId) implements OrderEvent {
    }
}
