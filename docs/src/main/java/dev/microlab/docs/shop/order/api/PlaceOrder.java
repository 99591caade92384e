package dev.microlab.docs.shop.order.api;

import java.util.Objects;

/**
 * Command: a customer orders {@code quantity} units of {@code sku} at {@code unitPriceCents}.
 *
 * <pre>{@code
 * orders.placeOrder(new PlaceOrder("o1", "alice", "book", 2, 1_250));
 * }</pre>
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param orderId        1 to 60 letters, digits and {@code . _ -}; also the saga's id
 * @param customerId     who orders and pays
 * @param sku            what is ordered
 * @param quantity       how many, 1 to 1000
 * @param unitPriceCents the price of one unit in cents, at least 1
 */
public record PlaceOrder(String orderId, String customerId, String sku, int quantity, long unitPriceCents) {

    /** Validates every field; a bad value throws {@link IllegalArgumentException} naming it. */
    public PlaceOrder {
        Objects.requireNonNull(orderId, "orderId must not be null");
        Objects.requireNonNull(customerId, "customerId must not be null");
        Objects.requireNonNull(sku, "sku must not be null");
        if (!orderId.matches("[A-Za-z0-9._-]{1,60}")) {
            throw new IllegalArgumentException("orderId must be 1 to 60 letters, digits and . _ -, but was '"
                    + orderId + "'");
        }
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("customerId must not be blank, but was '" + customerId + "'");
        }
        if (quantity < 1 || quantity > 1000) {
            throw new IllegalArgumentException("quantity must be in [1, 1000], but was " + quantity);
        }
        if (unitPriceCents < 1) {
            throw new IllegalArgumentException("unitPriceCents must be >= 1, but was " + unitPriceCents);
        }
    }

    /** The order's total in cents. */
    public long totalCents() {
        return Math.multiplyExact(unitPriceCents, quantity);
    }
}
