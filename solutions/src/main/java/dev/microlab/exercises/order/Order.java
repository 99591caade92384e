package dev.microlab.exercises.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exercise 8: the course's DDD {@code Order} aggregate. It guards its own rules — items may be
 * added only while the order is pending, and only an order with items may be confirmed — and
 * raises a domain event for each change, for the application to publish.
 *
 * <pre>{@code
 * Order order = Order.create("order-1", "customer-7");
 * order.addItem("book-42", 2, new BigDecimal("12.50"));
 * order.confirm();
 * eventBus.publishAll(order.pullEvents());
 * }</pre>
 *
 * <p>This class is not threadsafe: an aggregate is changed by one thread at a time.
 */
public final class Order {

    private final String id;
    private final String customerId;
    private final List<OrderItem> items = new ArrayList<>();
    private final List<OrderEvent> events = new ArrayList<>();
    private OrderStatus status = OrderStatus.PENDING;

    private Order(String id, String customerId) {
        this.id = id;
        this.customerId = customerId;
    }

    /**
     * Starts a pending, empty order and raises {@link OrderCreated}.
     *
     * @throws IllegalArgumentException if {@code orderId} or {@code customerId} is blank
     */
    public static Order create(String orderId, String customerId) {
        requireText(orderId, "orderId");
        requireText(customerId, "customerId");
        Order order = new Order(orderId, customerId);
        order.events.add(new OrderCreated(orderId, customerId));
        return order;
    }

    /**
     * Adds a line and raises {@link ItemAdded}.
     *
     * @throws InvalidOperationException if the order is no longer pending
     * @throws IllegalArgumentException  if {@code productId} is blank, {@code quantity < 1} or
     *                                   {@code unitPrice} is negative
     */
    public void addItem(String productId, int quantity, BigDecimal unitPrice) {
        requireText(productId, "productId");
        Objects.requireNonNull(unitPrice, "unitPrice must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be >= 1, but was " + quantity);
        }
        if (unitPrice.signum() < 0) {
            throw new IllegalArgumentException("unitPrice must be >= 0, but was " + unitPrice);
        }
        if (status != OrderStatus.PENDING) {
            throw new InvalidOperationException("cannot modify order " + id + ": it is " + status);
        }
        OrderItem item = new OrderItem(productId, quantity, unitPrice);
        items.add(item);
        events.add(new ItemAdded(id, item));
    }

    /**
     * Confirms the order and raises {@link OrderConfirmed} with its total.
     *
     * @throws InvalidOperationException if the order has no items or is already confirmed
     */
    public void confirm() {
        if (status != OrderStatus.PENDING) {
            throw new InvalidOperationException("cannot confirm order " + id + ": it is already " + status);
        }
        if (items.isEmpty()) {
            throw new InvalidOperationException("cannot confirm order " + id + ": it has no items");
        }
        status = OrderStatus.CONFIRMED;
        events.add(new OrderConfirmed(id, total()));
    }

    /** The events raised since the last call, oldest first; they are handed over, so the order forgets them. */
    public List<OrderEvent> pullEvents() {
        List<OrderEvent> pulled = List.copyOf(events);
        events.clear();
        return pulled;
    }

    /** The sum of the lines' totals. */
    public BigDecimal total() {
        return items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The lines, in the order they were added; a copy. */
    public List<OrderItem> items() {
        return List.copyOf(items);
    }

    public OrderStatus status() {
        return status;
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
