package dev.microlab.docs.shop.shipping.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.docs.shop.order.api.OrderEvent;
import dev.microlab.docs.shop.payment.api.PaymentEvent;
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
 * from {@code order.placed}: no call to the order service.
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
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        try {
            switch (routingKey) {
                case "order.placed" -> {
                    OrderEvent.OrderPlaced p = JSON.readValue(json, OrderEvent.OrderPlaced.class);
                    synchronized (this) {
                        customerOfOrder.put(p.orderId(), p.customerId());
                    }
                    add(p.customerId(), p.orderId(), routingKey, "order " + p.orderId() + " placed: " + p.quantity()
                            + " x " + p.sku() + ", " + money(p.totalCents()));
                }
                case "order.paid" -> {
                    OrderEvent.OrderPaid p = JSON.readValue(json, OrderEvent.OrderPaid.class);
                    toCustomerOf(p.orderId(), routingKey, "order " + p.orderId() + " paid");
                }
                case "order.shipped" -> {
                    OrderEvent.OrderShipped s = JSON.readValue(json, OrderEvent.OrderShipped.class);
                    toCustomerOf(s.orderId(), routingKey, "order " + s.orderId() + " shipped: parcel " + s.trackingId());
                }
                case "order.cancelled" -> {
                    OrderEvent.OrderCancelled c = JSON.readValue(json, OrderEvent.OrderCancelled.class);
                    toCustomerOf(c.orderId(), routingKey, "order " + c.orderId() + " cancelled: nothing will ship");
                }
                case "payment.charged" -> {
                    PaymentEvent.PaymentCharged c = JSON.readValue(json, PaymentEvent.PaymentCharged.class);
                    add(c.customerId(), c.orderId(), routingKey, money(c.amountCents()) + " charged for order " + c.orderId());
                }
                case "payment.refunded" -> {
                    PaymentEvent.PaymentRefunded r = JSON.readValue(json, PaymentEvent.PaymentRefunded.class);
                    add(r.customerId(), r.orderId(), routingKey, money(r.amountCents()) + " refunded for order " + r.orderId());
                }
                default -> throw new IllegalArgumentException("the notification feed does not take '" + routingKey
                        + "'; it takes " + BINDING_KEYS);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the body of a '" + routingKey + "' event is not one: "
                    + e.getMessage(), e);
        }
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
