package dev.microlab.docs.shop.shipping.internal;

import dev.microlab.docs.shop.shipping.api.ShippingApi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shipping service: one tracking id per key, owned here. This class is threadsafe. */
public final class ShippingService implements ShippingApi {

    private final Map<String, String> shipped = new ConcurrentHashMap<>();

    @Override
    public String ship(String key, String orderId) {
        return shipped.computeIfAbsent(key, k -> "track-" + orderId);
    }

    @Override
    public int shipments() {
        return shipped.size();
    }
}
