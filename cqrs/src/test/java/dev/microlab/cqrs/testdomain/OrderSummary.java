package dev.microlab.cqrs.testdomain;

import java.util.ArrayList;
import java.util.List;

/** One order as the read side shows it. */
public record OrderSummary(String orderId, OrderStatus status, List<OrderLine> lines, Money total, int itemCount) {

    static OrderSummary created(OrderEvent.OrderCreated e) {
        return new OrderSummary(e.orderId(), OrderStatus.PENDING, List.of(), Money.zero(e.currency()), 0);
    }

    OrderSummary withItemAdded(OrderEvent.ItemAdded e) {
        List<OrderLine> next = new ArrayList<>(lines);
        int i = indexOf(e.productId());
        if (i < 0) {
            next.add(new OrderLine(e.productId(), e.quantity(), e.unitPrice()));
        } else {
            next.set(i, new OrderLine(e.productId(), lines.get(i).quantity() + e.quantity(), e.unitPrice()));
        }
        return new OrderSummary(orderId, status, List.copyOf(next), total.plus(e.unitPrice().times(e.quantity())),
                itemCount + e.quantity());
    }

    OrderSummary withItemRemoved(OrderEvent.ItemRemoved e) {
        OrderLine line = lines.get(indexOf(e.productId()));
        List<OrderLine> next = new ArrayList<>(lines);
        next.remove(line);
        return new OrderSummary(orderId, status, List.copyOf(next), total.minus(line.lineTotal()),
                itemCount - line.quantity());
    }

    OrderSummary confirmed() {
        return new OrderSummary(orderId, OrderStatus.CONFIRMED, lines, total, itemCount);
    }

    private int indexOf(String productId) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).productId().equals(productId)) {
                return i;
            }
        }
        return -1;
    }
}
