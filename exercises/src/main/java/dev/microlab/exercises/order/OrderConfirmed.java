package dev.microlab.exercises.order;

import java.math.BigDecimal;

/** The order was confirmed, for {@code total}. */
public record OrderConfirmed(String orderId, BigDecimal total) implements OrderEvent {
}
