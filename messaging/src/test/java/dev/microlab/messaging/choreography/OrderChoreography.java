package dev.microlab.messaging.choreography;

import dev.microlab.core.time.TimeSource;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.Consumer;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.Delivery;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.Inbox;
import dev.microlab.messaging.Message;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.MessagingException;
import dev.microlab.messaging.QueueSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The saga module's choreographed order flow, on the broker instead of event-store
 * subscriptions: no coordinator; each service consumes its own queue, bound to the event types
 * it reacts to, and answers by publishing its own event to the {@code events} exchange (routing
 * key = event type).
 *
 * <pre>
 * order-placed       → inventory reserves  → inventory-reserved | inventory-rejected
 * inventory-reserved → payments charge     → payment-processed  | payment-declined
 * payment-processed  → shipping ships      → order-shipped
 * payment-declined   → inventory releases  → inventory-released          (compensation)
 * order-shipped      → orders complete     → order-completed
 * inventory-rejected | inventory-released → orders cancel → order-cancelled (compensation)
 * </pre>
 *
 * <p>Delivery is at least once, so each service deduplicates with an {@link Inbox}, and each
 * answer's message id is derived from the order and the event type: a reaction that runs twice
 * publishes the same id, which the next service's inbox drops. Every name is prefixed, so the
 * flow can share a real RabbitMQ with other tests.
 */
public final class OrderChoreography implements AutoCloseable {

    private final Broker broker;
    private final String exchange;
    private final Map<String, Integer> stock = new ConcurrentHashMap<>();
    private final long paymentLimitCents;
    private final Map<String, List<String>> history = new ConcurrentHashMap<>();
    private final Map<String, String> outcome = new ConcurrentHashMap<>();
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();

    /** An order: "orderId|sku|quantity|amountCents". */
    record Order(String id, String sku, int quantity, long amountCents) {
        static Order parse(String text) {
            String[] f = text.split("\\|");
            return new Order(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]));
        }

        String text() {
            return id + "|" + sku + "|" + quantity + "|" + amountCents;
        }
    }

    public OrderChoreography(Broker broker, String prefix, Map<String, Integer> initialStock, long paymentLimitCents,
            TimeSource time) {
        this.broker = broker;
        this.exchange = prefix + "events";
        this.stock.putAll(initialStock);
        this.paymentLimitCents = paymentLimitCents;
        broker.declareExchange(ExchangeSpec.durable(exchange, ExchangeType.TOPIC));
        service(prefix, "inventory", List.of("order-placed", "payment-declined"), time, this::inventory);
        service(prefix, "payments", List.of("inventory-reserved"), time, this::payments);
        service(prefix, "shipping", List.of("payment-processed"), time, this::shipping);
        service(prefix, "orders", List.of("order-shipped", "inventory-rejected", "inventory-released"), time,
                this::orders);
    }

    private void service(String prefix, String name, List<String> reactsTo, TimeSource time, MessageHandler handler) {
        String queue = prefix + name + "-service";
        broker.declareQueue(QueueSpec.durable(queue));
        queues.add(queue);
        for (String type : reactsTo) {
            broker.bind(queue, exchange, type);
        }
        Inbox inbox = Inbox.inMemory(Duration.ofHours(1), time);
        consumers.add(broker.consume(queue, ConsumerOptions.defaults().withPrefetch(1), inbox.deduplicate(d -> {
            Order order = Order.parse(d.message().bodyAsText());
            history.computeIfAbsent(order.id(), k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(name + " <- " + d.routingKey());
            handler.handle(d);
        })));
    }

    /** Places an order: publishes {@code order-placed}; the services take it from there. */
    public void placeOrder(String orderId, String sku, int quantity, long amountCents) {
        publish("order-placed", new Order(orderId, sku, quantity, amountCents));
    }

    private void publish(String type, Order order) {
        Message m = Message.ofText(order.text()).withType(type).withMessageId(type + ":" + order.id());
        if (!broker.publish(exchange, type, m).isConfirmed()) {
            throw new MessagingException(type + " for order " + order.id() + " was not confirmed");
        }
    }

    private void inventory(Delivery d) {
        Order order = Order.parse(d.message().bodyAsText());
        if (d.routingKey().equals("order-placed")) {
            publish(reserve(order) ? "inventory-reserved" : "inventory-rejected", order);
        } else {
            stock.merge(order.sku(), order.quantity(), Integer::sum); // compensation: release the reservation
            publish("inventory-released", order);
        }
    }

    private boolean reserve(Order order) {
        int available = stock.getOrDefault(order.sku(), 0);
        if (available < order.quantity()) {
            return false;
        }
        stock.put(order.sku(), available - order.quantity());
        return true;
    }

    private void payments(Delivery d) {
        Order order = Order.parse(d.message().bodyAsText());
        publish(order.amountCents() <= paymentLimitCents ? "payment-processed" : "payment-declined", order);
    }

    private void shipping(Delivery d) {
        publish("order-shipped", Order.parse(d.message().bodyAsText()));
    }

    private void orders(Delivery d) {
        Order order = Order.parse(d.message().bodyAsText());
        outcome.put(order.id(), d.routingKey().equals("order-shipped") ? "completed" : "cancelled");
    }

    /** "completed", "cancelled", or null while the flow runs. */
    public String outcome(String orderId) {
        return outcome.get(orderId);
    }

    /** What each service received for the order, in order ("inventory-service <- order-placed", ...). */
    public List<String> history(String orderId) {
        return List.copyOf(history.getOrDefault(orderId, List.of()));
    }

    /** Units of {@code sku} in stock. */
    public int stock(String sku) {
        return stock.getOrDefault(sku, 0);
    }

    /** Stops the services and deletes their queues and the exchange. */
    @Override
    public void close() {
        consumers.forEach(Consumer::cancel);
        queues.forEach(broker::deleteQueue);
        broker.deleteExchange(exchange);
    }
}
