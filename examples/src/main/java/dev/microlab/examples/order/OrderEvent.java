package dev.microlab.examples.order;

import java.util.Objects;

/**
 * What happened to an order: the facts the {@link Order} aggregate records and the read
 * model is built from. Stored under the aliases of {@link OrderEventTypes}.
 *
 * <p>Every implementation is an immutable record, so this type is threadsafe.
 */
public sealed interface OrderEvent {

    /** The order's id. */
    String orderId();

    /** An order was opened for a customer, priced in one currency. */
    record OrderCreated(String orderId, String customerId, String currency) implements OrderEvent {
        /** Validates. */
        public OrderCreated {
            Objects.requireNonNull(orderId, "orderId must not be null");
            Objects.requireNonNull(customerId, "customerId must not be null");
            Objects.requireNonNull(currency, "currency must not be null");
        }
    }

    /** {@code quantity} of a product were added (to its line, if it already had one). */
    record ItemAdded(String orderId, String productId, int quantity, Money unitPrice) implements OrderEvent {
        /** Validates. */
        public ItemAdded {
            Objects.requireNonNull(orderId, "orderId must not be null");
            Objects.requireNonNull(productId, "productId must not be null");
            Objects.requireNonNull(unitPrice, "unitPrice must not be null");
        }
    }

    /** A product's line was removed from the order. */
    record ItemRemoved(String orderId, String productId) implements OrderEvent {
        /** Validates. */
        public ItemRemoved {
            Objects.requireNonNull(orderId, "orderId must not be null");
            Objects.requireNonNull(productId, "productId must not be null");
        }
    }

    /** The customer confirmed the order at this total. */
    record OrderConfirmed(String orderId, Money total) implements OrderEvent {
        /** Validates. */
        public OrderConfirmed {
            Objects.requireNonNull(orderId, "orderId must not be null");
            Objects.requireNonNull(total, "total must not be null");
        }
    }

    /** The order was cancelled. */
    record OrderCancelled(String orderId, String reason) implements OrderEvent {
        /** Validates. */
        public OrderCancelled {
            Objects.requireNonNull(orderId, "orderId must not be null");
            Objects.requireNonNull(reason, "reason must not be null");
        }
    }
}
