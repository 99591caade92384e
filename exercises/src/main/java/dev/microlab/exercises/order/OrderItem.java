package dev.microlab.exercises.order;

import java.math.BigDecimal;

/** A line of an order: {@code quantity} units of {@code productId} at {@code unitPrice} each. */
public record OrderItem(String productId, int quantity, BigDecimal unitPrice) {

    /** quantity × unitPrice. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
