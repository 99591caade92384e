package dev.microlab.examples.order;

import java.util.Objects;

/**
 * One product in an order: how many and at which unit price.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param productId the product
 * @param quantity  how many, &gt;= 1
 * @param unitPrice the price of one
 */
public record OrderLine(String productId, int quantity, Money unitPrice) {

    /** Validates. */
    public OrderLine {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(unitPrice, "unitPrice must not be null");
    }

    /** {@code unitPrice × quantity}. */
    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
