package dev.microlab.docs.shop.shipping.api;

/**
 * A message to a customer about one of their orders, as shipping's notification feed holds it:
 * what the customer would be mailed.
 *
 * <pre>{@code
 * new Notification("alice", "o-1", "order.shipped", "order o-1 shipped: parcel TRK-0001")
 * }</pre>
 *
 * @param customerId who it is for
 * @param orderId    the order it is about
 * @param event      the routing key of the event it came from, e.g. {@code order.placed}
 * @param text       what it says
 */
public record Notification(String customerId, String orderId, String event, String text) {
}
