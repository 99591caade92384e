package dev.microlab.exercises.projection;

import java.math.BigDecimal;

/**
 * One row of the read model: what the "my orders" page shows, ready to display.
 *
 * @param status "PLACED" or "SHIPPED"
 */
public record OrderSummary(String orderId, String customerId, int itemCount, BigDecimal total, String status) {
}
