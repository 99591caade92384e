package dev.microlab.exercises.projection;

import java.math.BigDecimal;

/** {@code quantity} units of {@code productId} at {@code unitPrice} were added to the order. */
public record ItemAdded(String orderId, String productId, int quantity, BigDecimal unitPrice) implements ShopEvent {
}
