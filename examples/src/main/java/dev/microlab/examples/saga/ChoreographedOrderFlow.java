package dev.microlab.examples.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.InMemoryCheckpointStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.StreamName;
import dev.microlab.saga.ActionRefusedException;
import dev.microlab.saga.IdempotencyKey;
import dev.microlab.saga.Phase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The order flow as a <b>choreographed</b> saga: no coordinator. Each service subscribes to
 * the events it cares about and answers with its own events, in its own stream
 * ({@code orders-<id>}, {@code inventory-<id>}, {@code payments-<id>}, {@code shipping-<id>}):
 *
 * <pre>
 * order-placed       → Inventory reserves  → inventory-reserved | inventory-rejected
 * inventory-reserved → Payments charges    → payment-processed  | payment-declined
 * payment-processed  → Shipping ships      → order-shipped
 * payment-declined   → Inventory releases  → inventory-released          (compensation)
 * order-shipped      → Orders completes    → order-completed
 * inventory-rejected | inventory-released → Orders cancels → order-cancelled (compensation)
 * </pre>
 *
 * <p>Delivery is at-least-once (a subscription replays from its checkpoint after a
 * restart), so every reaction is idempotent three times over: a service whose answer to an
 * event is already in its stream does nothing (so a decision on changing state, such as
 * "out of stock", is not taken again differently); the service dedupes its effect by
 * idempotency key; and the answer is appended with an event id derived from the cause's id,
 * so a replayed reaction is the same append, which the store ignores.
 *
 * <pre>{@code
 * ChoreographedOrderFlow flow = ChoreographedOrderFlow.builder(store, orders, inventory, payments, shipping).build();
 * flow.placeOrder(Order.of("o1", "book", 1, 2_500));
 * flow.drain();                        // tests: deliver everything on this thread
 * flow.history("o1");                  // [order-placed, inventory-reserved, payment-processed, ...]
 * }</pre>
 *
 * <p>This class is threadsafe: each subscription calls its handler on one thread at a time.
 */
public final class ChoreographedOrderFlow implements AutoCloseable {

    private static final Set<String> TYPES = Set.of("order-placed", "inventory-reserved", "inventory-rejected",
            "payment-processed", "payment-declined", "inventory-released", "order-shipped", "order-completed",
            "order-cancelled");

    private final EventStore store;
    private final Orders orders;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<CatchUpSubscription> subscriptions = new ArrayList<>();

    private ChoreographedOrderFlow(Builder b) {
        this.store = b.store;
        this.orders = b.orders;
        Inventory inventory = b.inventory;
        Payments payments = b.payments;
        Shipping shipping = b.shipping;
        subscribe(b.checkpoints, "inventory-service", Set.of("order-placed", "payment-declined"), e -> {
            Order order = read(e);
            if (answered(e, "inventory", "inventory-reserved", "inventory-rejected", "inventory-released")) {
                return;
            }
            if (e.type().equals("order-placed")) {
                try {
                    inventory.reserve(key(order, "reserve-inventory", Phase.ACTION), order.sku(), order.quantity());
                    answer(e, "inventory", "inventory-reserved", order);
                } catch (ActionRefusedException alreadyReleased) {
                    // A replayed order-placed whose reservation was already released: the flow
                    // moved past it, and the answer given then is in the log. Nothing to do.
                } catch (IllegalStateException outOfStock) {
                    answer(e, "inventory", "inventory-rejected", order);
                }
            } else {
                inventory.release(key(order, "reserve-inventory", Phase.COMPENSATION), order.sku(), order.quantity());
                answer(e, "inventory", "inventory-released", order);
            }
        });
        subscribe(b.checkpoints, "payment-service", Set.of("inventory-reserved"), e -> {
            Order order = read(e);
            if (answered(e, "payments", "payment-processed", "payment-declined")) {
                return;
            }
            try {
                String id = payments.charge(key(order, "process-payment", Phase.ACTION), order.amountCents());
                answer(e, "payments", "payment-processed", order.withPaymentId(id));
            } catch (IllegalStateException declined) {
                answer(e, "payments", "payment-declined", order);
            }
        });
        subscribe(b.checkpoints, "shipping-service", Set.of("payment-processed"), e -> {
            Order order = read(e);
            answer(e, "shipping", "order-shipped",
                    order.withTrackingId(shipping.ship(key(order, "ship", Phase.ACTION), order.orderId())));
        });
        subscribe(b.checkpoints, "order-service", Set.of("order-shipped", "inventory-rejected", "inventory-released"),
                e -> {
                    Order order = read(e);
                    if (e.type().equals("order-shipped")) {
                        orders.complete(order.orderId());
                        answer(e, "orders", "order-completed", order);
                    } else {
                        orders.cancel(key(order, "validate-order", Phase.COMPENSATION), order.orderId());
                        answer(e, "orders", "order-cancelled", order);
                    }
                });
    }

    /** A builder over these services; all are required. */
    public static Builder builder(EventStore store, Orders orders, Inventory inventory, Payments payments,
            Shipping shipping) {
        return new Builder(store, orders, inventory, payments, shipping);
    }

    /**
     * Validates the order and publishes {@code order-placed}; the services take it from there.
     *
     * @throws IllegalArgumentException if the order is invalid (nothing is published)
     * @throws Exception if the order service's fence refuses it
     */
    public void placeOrder(Order order) throws Exception {
        Objects.requireNonNull(order, "order must not be null");
        orders.validate(key(order, "validate-order", Phase.ACTION), order);
        UUID id = UUID.nameUUIDFromBytes(("order-placed:" + order.orderId()).getBytes(StandardCharsets.UTF_8));
        store.append(StreamName.of("orders-" + order.orderId()), ExpectedVersion.ANY,
                EventData.of(id, "order-placed", write(order)));
    }

    /** Delivers every event committed so far, on this thread, until no service has anything left to do. */
    public void drain() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (CatchUpSubscription s : subscriptions) {
                moved |= s.drain() > 0;
            }
        }
    }

    /** Runs each service's subscription on its own background thread. */
    public void start() {
        subscriptions.forEach(CatchUpSubscription::start);
    }

    /** The events of one order across the services' streams, in the order they were committed. */
    public List<String> history(String orderId) {
        List<RecordedEvent> all = new ArrayList<>();
        for (String service : List.of("orders", "inventory", "payments", "shipping")) {
            all.addAll(store.readStreamForward(StreamName.of(service + "-" + orderId), 0, 100));
        }
        all.sort((a, b) -> Long.compare(a.position(), b.position()));
        return all.stream().map(RecordedEvent::type).toList();
    }

    /** Stops the subscriptions. */
    @Override
    public void close() {
        subscriptions.forEach(CatchUpSubscription::close);
    }

    private interface Reaction {
        void react(RecordedEvent event) throws Exception;
    }

    private void subscribe(CheckpointStore checkpoints, String name, Set<String> types, Reaction reaction) {
        subscriptions.add(CatchUpSubscription.builder(name, store, reaction::react)
                .checkpointStore(checkpoints)
                .filter(e -> types.contains(e.type()) && TYPES.contains(e.type()))
                .build());
    }

    /**
     * Whether this service already answered {@code cause} (a replay): a decision that depends
     * on changing state (stock left, a limit) must not be taken twice, or a replay could
     * answer differently from the first time.
     */
    private boolean answered(RecordedEvent cause, String service, String... types) {
        Order order = read(cause);
        Set<UUID> candidates = new java.util.HashSet<>();
        for (String type : types) {
            candidates.add(answerId(cause, type));
        }
        return store.readStreamForward(StreamName.of(service + "-" + order.orderId()), 0, 100).stream()
                .anyMatch(e -> candidates.contains(e.eventId()));
    }

    private static UUID answerId(RecordedEvent cause, String type) {
        return UUID.nameUUIDFromBytes((cause.eventId() + ":" + type).getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the answer with an id derived from the cause: a replayed reaction is the same append. */
    private void answer(RecordedEvent cause, String service, String type, Order order) {
        UUID id = answerId(cause, type);
        store.append(StreamName.of(service + "-" + order.orderId()), ExpectedVersion.ANY,
                EventData.of(id, type, write(order)));
    }

    private static IdempotencyKey key(Order order, String step, Phase phase) {
        return new IdempotencyKey(order.orderId(), step, phase);
    }

    private byte[] write(Order order) {
        try {
            return mapper.writeValueAsBytes(order);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write order " + order.orderId() + " as JSON", e);
        }
    }

    private Order read(RecordedEvent e) {
        try {
            return mapper.readValue(e.data(), Order.class);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the order in " + e, ex);
        }
    }

    /**
     * Configures a {@link ChoreographedOrderFlow}.
     *
     * <p>Not threadsafe: use from one thread.
     */
    public static final class Builder {
        private final EventStore store;
        private final Orders orders;
        private final Inventory inventory;
        private final Payments payments;
        private final Shipping shipping;
        private CheckpointStore checkpoints = new InMemoryCheckpointStore();

        private Builder(EventStore store, Orders orders, Inventory inventory, Payments payments, Shipping shipping) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.orders = Objects.requireNonNull(orders, "orders must not be null");
            this.inventory = Objects.requireNonNull(inventory, "inventory must not be null");
            this.payments = Objects.requireNonNull(payments, "payments must not be null");
            this.shipping = Objects.requireNonNull(shipping, "shipping must not be null");
        }

        /** Where the services' subscriptions keep their positions. Default: in memory. */
        public Builder checkpointStore(CheckpointStore checkpointStore) {
            this.checkpoints = Objects.requireNonNull(checkpointStore, "checkpointStore must not be null");
            return this;
        }

        /** Builds the flow (its subscriptions are not started). */
        public ChoreographedOrderFlow build() {
            return new ChoreographedOrderFlow(this);
        }
    }
}
