package dev.microlab.exercises.order;

import java.math.BigDecimal;
import java.util.List;

/**
 * Exercise 8: the course's DDD {@code Order} aggregate. It guards its own rules — items may be
 * added only while the order is pending, and only an order with items may be confirmed — and
 * raises a domain event for each change, for the application to publish.
 * Instructions: {@code exercises/instructions/08-order-aggregate/README.md}.
 *
 * <pre>{@code
 * Order order = Order.create("order-1", "customer-7");
 * order.addItem("book-42", 2, new BigDecimal("12.50"));
 * order.confirm();
 * eventBus.publishAll(order.pullEvents());
 * }</pre>
 */
public final class Order {

    // TODO: id, customerId, the items, the raised events, the status.

    /**
     * Starts a pending, empty order and raises {@link OrderCreated}.
     *
     * @throws IllegalArgumentException if {@code orderId} or {@code customerId} is blank
     */
    public static Order create(String orderId, String customerId) {
        throw new UnsupportedOperationException("TODO: validate, start PENDING, raise OrderCreated");
    }

    /**
     * Adds a line and raises {@link ItemAdded}.
     *
     * @throws InvalidOperationException if the order is no longer pending
     * @throws IllegalArgumentException  if {@code productId} is blank, {@code quantity < 1} or
     *                                   {@code unitPrice} is negative
     */
    public void addItem(String productId, int quantity, BigDecimal unitPrice) {
        throw new UnsupportedOperationException("TODO: only while PENDING; validate; add the line; raise ItemAdded");
    }

    /**
     * Confirms the order and raises {@link OrderConfirmed} with its total.
     *
     * @throws InvalidOperationException if the order has no items or is already confirmed
     */
    public void confirm() {
        throw new UnsupportedOperationException("TODO: only a PENDING order with items; raise OrderConfirmed");
    }

    /** The events raised since the last call, oldest first; they are handed over, so the order forgets them. */
    public List<OrderEvent> pullEvents() {
        throw new UnsupportedOperationException("TODO: return the raised events and forget them");
    }

    /** The sum of the lines' totals. */
    public BigDecimal total() {
        throw new UnsupportedOperationException("TODO: sum of quantity × unitPrice");
    }

    /** The lines, in the order they were added; a copy. */
    public List<OrderItem> items() {
        throw new UnsupportedOperationException("TODO: a copy of the lines");
    }

    public OrderStatus status() {
        throw new UnsupportedOperationException("TODO: the status");
    }

    public String id() {
        throw new UnsupportedOperationException("TODO: the order id");
    }

    public String customerId() {
        throw new UnsupportedOperationException("TODO: the customer id");
    }
}
