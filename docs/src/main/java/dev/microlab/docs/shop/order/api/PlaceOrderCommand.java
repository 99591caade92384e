package dev.microlab.docs.shop.order.api;

/**
 * Asks the order service to place an order.
 *
 * @param orderId     the order's id, also the saga's id
 * @param sku         what is bought
 * @param quantity    how many
 * @param amountCents what it costs, in cents
 */
public record PlaceOrderCommand(String orderId, String sku, int quantity, long amountCents) {
}
