package dev.microlab.docs.shop.shipping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.docs.shop.shipping.api.Notification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shipping's customer-notification feed: a read side built from the order and payment services'
 * events as they arrive over the broker (routing keys {@code order.*}, {@code payment.charged},
 * {@code payment.refunded}). Each event becomes the message the customer would be mailed; the
 * feed is what {@code GET /notifications/<customer>} serves. Shipping learns who ordered what only
 * from {@code order.placed}: no call to the order service, and no dependency on its classes either —
 * it reads the fields it needs from the published JSON (a tolerant reader), so the services stay
 * apart (the boundary rules forbid a cycle order → shipping → order).
 *
 * <p>Handling the same event twice would notify twice: the caller puts an
 * {@link dev.microlab.messaging.Inbox} in front.
 *
 * <pre>{@code
 * feed.on("order.placed", json);
 * List<Notification> alice = feed.of("alice");
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class CustomerNotifications {

    /** The routing keys the feed is made from. */
    public static final List<String> BINDING_KEYS = List.of("order.*", "payment.charged", "payment.refunded");

    private static final Logger LOG = LoggerFactory.getLogger(CustomerNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> customerOfOrder = new HashMap<>();
    private final Map<String, List<Notification>> byCustomer = new HashMap<>();

    /** An empty feed. */
    public CustomerNotifications() {
    }

    /**
     * Turns the event published under {@code routingKey} with body {@code json} into a notification.
     * An event of an order this feed never saw placed is dropped, logged.
     *
     * @throws IllegalArgumentException if the body is not the event the key names, or the key is not one of
     *                                  {@link #BINDING_KEYS}
     */
    public void on(String routingKey, byte[] json) {
        Objects.requireNonNull(routingKey, "routingKey must not be null");
        Objects.requireNonNull(json, "json must not be null");
        JsonNode e;
        try {
            e = JSON.readTree(json);
        } catch (IOException ex) {
            throw new IllegalArgumentException("the body of a '" + routingKey + "' event is not JSON: "
                    + ex.getMessage(), ex);
        }
        String orderId = field(e, routingKey, "orderId");
        switch (routingKey) {
            case "order.placed" -> {
                String customer = field(e, routingKey, "customerId");
                synchronized (this) {
                    customerOfOrder.put(orderId, customer);
                }
                add(customer, orderId, routingKey, "order " + orderId + " placed: " + e.path("quantity").asInt() + " x "
                        + field(e, routingKey, "sku") + ", " + money(e.path("totalCents").asLong()));
            }
            case "order.paid" -> toCustomerOf(orderId, routingKey, "order " + orderId + " paid");
            case "order.shipped" -> toCustomerOf(orderId, routingKey, "order " + orderId + " shipped: parcel "
                    + field(e, routingKey, "trackingId"));
            case "order.cancelled" -> toCustomerOf(orderId, routingKey, "order " + orderId
                    + " cancelled: nothing will ship");
            case "payment.charged" -> add(field(e, routingKey, "customerId"), orderId, routingKey,
                    money(e.path("amountCents").asLong()) + " charged for order " + orderId);
            case "payment.refunded" -> add(field(e, routingKey, "customerId"), orderId, routingKey,
                    money(e.path("amountCents").asLong()) + " refunded for order " + orderId);
            default -> throw new IllegalArgumentException("the notification feed does not take '" + routingKey
                    + "'; it takes " + BINDING_KEYS);
        }
    }

    /** The text field {@code name} of an event, which must be there. */
    private static String field(JsonNode event, String routingKey, String name) {
        JsonNode value = event.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a '" + routingKey + "' event without a text field '" + name + "': " + event);
        }
        return value.asText();
    }

    /** What {@code customerId} has been told, oldest first (empty for a customer never seen). */
    public synchronized List<Notification> of(String customerId) {
        return List.copyOf(byCustomer.getOrDefault(Objects.requireNonNull(customerId, "customerId must not be null"),
                List.of()));
    }

    private void toCustomerOf(String orderId, String event, String text) {
        String customer;
        synchronized (this) {
            customer = customerOfOrder.get(orderId);
        }
        if (customer == null) {
            LOG.warn("{} of order {}, whose order.placed never arrived: no one to notify", event, orderId);
            return;
        }
        add(customer, orderId, event, text);
    }

    private synchronized void add(String customerId, String orderId, String event, String text) {
        byCustomer.computeIfAbsent(customerId, c -> new ArrayList<>()).add(new Notification(customerId, orderId, event, text));
        LOG.info("notified {}: {}", customerId, text);
    }

    private static String money(long cents) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }
}
