package dev.microlab.cqrs.testdomain;

/** How many of a product an order holds, at which unit price. */
public record OrderLine(String productId, int quantity, Money unitPrice) {

    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
