package dev.microlab.docs.shop;

import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.SubscriptionState;
import dev.microlab.messaging.Broker;
import dev.microlab.messaging.ConsumerOptions;
import dev.microlab.messaging.ExchangeSpec;
import dev.microlab.messaging.ExchangeType;
import dev.microlab.messaging.MessageHandler;
import dev.microlab.messaging.OutboxRelay;
import dev.microlab.messaging.QueueSpec;
import dev.microlab.rabbitmq.RabbitMqBroker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shop service's link to the message broker: the outbox relay that publishes the service's
 * domain events from its event store to the topic exchange {@value #EXCHANGE} (the events are
 * appended in the same store write as the state change, so the store is the outbox), and the
 * queues it consumes.
 *
 * <p>The broker may be away when the service starts, or go away later: the service starts anyway,
 * its {@code /health/ready} says {@code "broker": "DOWN: ..."} (naming the broker), and a background
 * thread connects (every 2 s), relays what the store holds beyond the relay's checkpoint and
 * declares the consumers once it can. Nothing is lost while the broker is away: the events wait in
 * the store.
 *
 * <p>Routing keys are {@code <service>.<event>}: {@code order.placed}, {@code order.cancelled},
 * {@code payment.charged}, {@code inventory.stock-reserved} ({@link #routingKey}).
 *
 * <p>This class is threadsafe.
 */
final class ShopMessaging implements AutoCloseable {

    /** The topic exchange the shop's services publish their events to. */
    static final String EXCHANGE = "shop.events";

    /** The RabbitMQ a service uses when nothing else is said: RabbitMQ's own default. */
    static final String DEFAULT_RABBITMQ_URI = "amqp://guest:guest@127.0.0.1:5672";

    private static final Logger LOG = LoggerFactory.getLogger(ShopMessaging.class);
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(2);

    /** Where a service gets its broker: a RabbitMQ it connects to, or a broker it is handed. */
    record Source(String where, Supplier<Broker> connect, boolean owned) {

        /** A real RabbitMQ at {@code uri} (its password never shown). */
        static Source rabbitMq(String uri) {
            URI parsed = URI.create(Objects.requireNonNull(uri, "uri must not be null"));
            if (!"amqp".equals(parsed.getScheme()) && !"amqps".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("the RabbitMQ URI must be amqp://user:password@host:port, but was '"
                        + parsed.getScheme() + "://...'");
            }
            String where = "RabbitMQ at " + parsed.getHost() + ":" + (parsed.getPort() < 0 ? 5672 : parsed.getPort());
            return new Source(where, () -> RabbitMqBroker.builder(uri).connectionName("microlab-shop")
                    .connectTimeout(Duration.ofSeconds(2)).build(), true);
        }

        /** A broker the caller owns and closes (the in-JVM shop's {@code InProcessBroker}). */
        static Source shared(Broker broker, String where) {
            Objects.requireNonNull(broker, "broker must not be null");
            return new Source(where, () -> broker, false);
        }
    }

    /** A queue a service consumes: bound to {@link #EXCHANGE} with {@code bindingKeys}. */
    record Subscription(String queue, List<String> bindingKeys, MessageHandler handler) {
    }

    private final String service;
    private final Source source;
    private final String exchange;
    private final boolean autoDeleteQueues;
    private final EventStore outbox;
    private final Predicate<RecordedEvent> published;
    private final String keyPrefix;
    private final List<Subscription> subscriptions;
    private final ScheduledExecutorService pump;
    private final Object lock = new Object();
    private volatile Broker broker;
    private OutboxRelay relay;
    private final List<dev.microlab.messaging.Consumer> consumers = new ArrayList<>();
    private volatile String lastError = "not connected yet";
    private long nextAttempt;
    private boolean failing;
    private volatile boolean closed;

    /**
     * Connects once now (so that a service is ready at its first health check when the broker is
     * there), then keeps relaying and reconnecting in the background.
     *
     * @param outbox    the service's event store, or null for a service that only consumes
     * @param published which of the store's events are published (not the saga's own log)
     * @param keyPrefix the routing keys' first word: {@code order}, {@code payment}, {@code inventory}
     */
    ShopMessaging(String service, Source source, String exchange, boolean autoDeleteQueues, EventStore outbox,
            Predicate<RecordedEvent> published, String keyPrefix, List<Subscription> subscriptions) {
        this.service = Objects.requireNonNull(service, "service must not be null");
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.exchange = Objects.requireNonNull(exchange, "exchange must not be null");
        this.autoDeleteQueues = autoDeleteQueues;
        this.outbox = outbox;
        this.published = Objects.requireNonNull(published, "published must not be null");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
        this.subscriptions = List.copyOf(subscriptions);
        this.pump = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "microlab-" + service + "-messaging");
            t.setDaemon(true);
            return t;
        });
        tick();
        pump.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * The routing key of an event of {@code type} published by the {@code prefix} service:
     * {@code ("order", "order-placed")} is {@code order.placed}, {@code ("payment", "wallet-funded")}
     * is {@code payment.wallet-funded}.
     */
    static String routingKey(String prefix, String type) {
        String event = type.startsWith(prefix + "-") ? type.substring(prefix.length() + 1) : type;
        return prefix + "." + event;
    }

    /** Connects when not connected, then relays what is new in the outbox. Runs on the pump thread. */
    private void tick() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                if (broker == null) {
                    if (System.nanoTime() - nextAttempt < 0) {
                        return;
                    }
                    nextAttempt = System.nanoTime() + RECONNECT_EVERY.toNanos();
                    connect();
                }
                failing = false;
                if (relay != null) {
                    if (relay.subscription().state() == SubscriptionState.FAILED) {
                        lastError = "publishing failed: " + relay.subscription().failure().map(String::valueOf).orElse("?");
                        relay.subscription().restart();
                    }
                    relay.drain();
                    if (relay.subscription().state() != SubscriptionState.FAILED) {
                        lastError = null;
                    }
                }
            } catch (RuntimeException e) {
                boolean first = !failing;
                failing = true;
                lastError = String.valueOf(e.getMessage());
                if (first) {
                    // once, where a reader sees it (the shop logs warnings only); then quietly
                    LOG.warn("{}: the {} is not usable ({}); not ready until it is, trying again every {} s", service,
                            source.where(), e.getMessage(), RECONNECT_EVERY.toSeconds());
                } else {
                    LOG.debug("{}: the {} is still not usable: {}", service, source.where(), e.getMessage());
                }
            }
        }
    }

    private void connect() {
        Broker b = source.connect().get();
        try {
            b.declareExchange(ExchangeSpec.durable(exchange, ExchangeType.TOPIC));
            for (Subscription s : subscriptions) {
                b.declareQueue(QueueSpec.builder(s.queue()).durable(!autoDeleteQueues).autoDelete(autoDeleteQueues).build());
                for (String key : s.bindingKeys()) {
                    b.bind(s.queue(), exchange, key);
                }
                consumers.add(b.consume(s.queue(), ConsumerOptions.defaults().withPrefetch(1), s.handler()));
            }
        } catch (RuntimeException e) {
            consumers.clear();
            if (source.owned()) {
                b.close();
            }
            throw e;
        }
        lastError = null;
        broker = b; // after lastError: a probe that sees the broker sees no stale error
        if (outbox != null && relay == null) {
            // the checkpoint lives as long as the process, as the in-memory store does: a restart
            // relays again from the start, and consumers drop what they have seen (their inbox)
            relay = OutboxRelay.builder(service + "-outbox", outbox, b, exchange)
                    .filter(published).routingKey(e -> routingKey(keyPrefix, e.type())).build();
        }
        LOG.info("{}: connected to the {}; publishing to exchange {}{}", service, source.where(), exchange,
                subscriptions.isEmpty() ? "" : ", consuming " + subscriptions.stream().map(Subscription::queue).toList());
    }

    /** {@code "UP: ..."} when the broker answers now, else {@code "DOWN: <the broker>: <why>"}. */
    String readiness() {
        // no lock: a connect attempt in progress (up to its 2 s timeout) must not hold up the probe
        Broker b = broker;
        String error = lastError;
        if (b == null) {
            return "DOWN: no connection to the " + source.where() + ": " + error;
        }
        try {
            b.declareExchange(ExchangeSpec.durable(exchange, ExchangeType.TOPIC)); // a round trip, idempotent
        } catch (RuntimeException e) {
            return "DOWN: the " + source.where() + " does not answer: " + e.getMessage();
        }
        if (error != null) {
            return "DOWN: the " + source.where() + " answers, but " + error;
        }
        return "UP: exchange " + exchange + " on the " + source.where();
    }

    /** Publishes what the outbox holds now (a test's way to not wait for the next tick). */
    void flush() {
        tick();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            pump.shutdownNow();
            if (relay != null) {
                relay.close();
            }
            for (dev.microlab.messaging.Consumer c : consumers) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.debug("{}: closing a consumer: {}", service, e.getMessage());
                }
            }
            if (broker != null && source.owned()) {
                broker.close();
            }
        }
    }
}
