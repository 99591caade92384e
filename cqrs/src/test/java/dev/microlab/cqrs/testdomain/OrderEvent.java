package dev.microlab.cqrs.testdomain;

/** What happened to an order. */
public sealed interface OrderEvent {

    String orderId();

    record OrderCreated(String orderId, String customerId, String currency) implements OrderEvent {
    }

    record ItemAdded(String orderId, String productId, int quantity, Money unitPrice) implements OrderEvent {
    }

    record ItemRemoved(String orderId, String productId) implements OrderEvent {
    }

    record OrderConfirmed(String orderId, Money total) implements OrderEvent {
    }
}
