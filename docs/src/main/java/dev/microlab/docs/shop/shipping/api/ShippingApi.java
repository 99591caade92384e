package dev.microlab.docs.shop.shipping.api;

/**
 * What other services may ask the shipping service: ship an order, once per key.
 *
 * <pre>{@code
 * String tracking = shipping.ship("o1:ship:action", "o1");
 * }</pre>
 *
 * <p>Implementations are threadsafe.
 */
public interface ShippingApi {

    /** Ships {@code orderId} and returns its tracking id; the same key ships at most once. */
    String ship(String key, String orderId) throws Exception;

    /** How many shipments were made. */
    int shipments();
}
