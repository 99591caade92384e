package dev.microlab.examples.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One order as the read side shows it: a flat, query-ready view, not the aggregate.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param orderId    the order
 * @param customerId its customer
 * @param status     its status
 * @param lines      its lines, in the order their products were first added
 * @param total      the sum of the line totals
 * @param itemCount  the number of units over all lines
 */
public record OrderSummary(String orderId, String customerId, OrderStatus status, List<OrderLine> lines, Money total,
        int itemCount) {

    /** Validates and copies. */
    public OrderSummary {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(status, "status must not be null");
        lines = List.copyOf(Objects.requireNonNull(lines, "lines must not be null"));
        Objects.requireNonNull(total, "total must not be null");
    }

    /** A new, empty pending order. */
    static OrderSummary created(OrderEvent.OrderCreated e) {
        return new OrderSummary(e.orderId(), e.customerId(), OrderStatus.PENDING, List.of(), Money.zero(e.currency()), 0);
    }

    /** With {@code quantity} more of a product. */
    OrderSummary withItemAdded(OrderEvent.ItemAdded e) {
        List<OrderLine> next = new ArrayList<>(lines.size() + 1);
        boolean merged = false;
        for (OrderLine line : lines) {
            if (line.productId().equals(e.productId())) {
                next.add(new OrderLine(line.productId(), line.quantity() + e.quantity(), line.unitPrice()));
                merged = true;
            } else {
                next.add(line);
            }
        }
        if (!merged) {
            next.add(new OrderLine(e.productId(), e.quantity(), e.unitPrice()));
        }
        return new OrderSummary(orderId, customerId, status, next, total.plus(e.unitPrice().times(e.quantity())),
                itemCount + e.quantity());
    }

    /** Without a product's line. */
    OrderSummary withItemRemoved(OrderEvent.ItemRemoved e) {
        List<OrderLine> next = new ArrayList<>(lines.size());
        Money newTotal = total;
        int newCount = itemCount;
        for (OrderLine line : lines) {
            if (line.productId().equals(e.productId())) {
                newTotal = newTotal.minus(line.lineTotal());
                newCount -= line.quantity();
            } else {
                next.add(line);
            }
        }
        return new OrderSummary(orderId, customerId, status, next, newTotal, newCount);
    }

    /** With another status. */
    OrderSummary withStatus(OrderStatus newStatus) {
        return new OrderSummary(orderId, customerId, newStatus, lines, total, itemCount);
    }
}
