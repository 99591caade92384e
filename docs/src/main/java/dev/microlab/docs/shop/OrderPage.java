package dev.microlab.docs.shop;

import dev.microlab.docs.shop.order.api.OrderView;
import dev.microlab.docs.shop.shipping.api.ShippingEstimate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the {@link Storefront} shows a customer about one order, and what it had to leave out.
 *
 * <p>This class is threadsafe (an immutable record).
 *
 * @param order       the order
 * @param orderSource where the order came from: the order service, or its read model when the
 *                    service was too slow (then it may lag behind the latest events)
 * @param estimate    shipping's delivery estimate, or empty when shipping could not be reached
 * @param notices     what was degraded, in words for the customer; empty when nothing was
 */
public record OrderPage(OrderView order, Source orderSource, Optional<ShippingEstimate> estimate,
        List<String> notices) {

    /** The notice shown when shipping could not be asked. */
    public static final String SHIPPING_ESTIMATE_UNAVAILABLE = "shipping estimate unavailable";

    /** Where the order came from. */
    public enum Source {
        /** The order service answered in time (its answer reads its own writes). */
        ORDER_SERVICE,
        /** The order service was too slow: the read model as last projected. */
        READ_MODEL
    }

    /** Validates and copies. */
    public OrderPage {
        Objects.requireNonNull(order, "order must not be null");
        Objects.requireNonNull(orderSource, "orderSource must not be null");
        Objects.requireNonNull(estimate, "estimate must not be null");
        notices = List.copyOf(notices);
    }

    /** Whether anything on the page is degraded. */
    public boolean degraded() {
        return !notices.isEmpty();
    }
}
