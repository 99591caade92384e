package dev.microlab.messaging;

import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The transactional outbox's relay: publishes the events appended to an {@link EventStore} to
 * an exchange, at least once, in order.
 *
 * <p>The service writes its state change and the events about it in one append to the event
 * store — one transaction, so there is no "saved but not published" or "published but not
 * saved". This relay then follows the store with a {@link CatchUpSubscription} and publishes
 * each event, waiting for the broker's confirm before moving on; the subscription saves its
 * checkpoint (durably, with a {@code FileCheckpointStore}) after each batch.
 *
 * <pre>{@code
 * OutboxRelay relay = OutboxRelay.builder("orders-outbox", store, broker, "events")
 *         .checkpointStore(new FileCheckpointStore(dir))
 *         .build();
 * relay.start();   // or relay.drain() to step it in a test
 * }</pre>
 *
 * <p><b>Guarantees.</b> Every event is published, in position order (so in order per
 * stream), with its event id as message id, its type as message type and as routing key (by
 * default). A publish that is not confirmed stops the relay at that event (see
 * {@link CatchUpSubscription}): nothing is skipped. A crash between a publish and the
 * checkpoint publishes the event again after the restart — consumers dedupe by message id,
 * with an {@link Inbox}.
 *
 * <p>Headers: {@code stream}, {@code stream-version}, {@code position}, and
 * {@code causation-id} when the event has one; the correlation id is copied.
 *
 * <p>This class is threadsafe (the subscription serializes its steps).
 */
public final class OutboxRelay implements AutoCloseable {

    private final CatchUpSubscription subscription;
    private final Broker broker;
    private final String exchange;
    private final Function<RecordedEvent, String> routingKey;
    private final boolean mandatory;

    private OutboxRelay(Builder b) {
        this.broker = b.broker;
        this.exchange = b.exchange;
        this.routingKey = b.routingKey;
        this.mandatory = b.mandatory;
        this.subscription = CatchUpSubscription.builder(b.name, b.store, this::relay)
                .checkpointStore(b.checkpoints).filter(b.filter).batchSize(b.batchSize).build();
    }

    /**
     * A builder for a relay called {@code name} (its checkpoint key) from {@code store} to
     * {@code exchange} of {@code broker}.
     *
     * @throws IllegalArgumentException if the name is not a valid checkpoint name
     */
    public static Builder builder(String name, EventStore store, Broker broker, String exchange) {
        return new Builder(name, store, broker, exchange);
    }

    /** The message an event becomes. */
    public static Message messageOf(RecordedEvent e) {
        Message m = Message.of(e.data()).withMessageId(e.eventId().toString()).withType(e.type())
                .withContentType("application/json").withCorrelationId(e.metadata().correlationId())
                .withHeader("stream", e.stream().value()).withHeader("stream-version", e.streamVersion())
                .withHeader("position", e.position());
        if (e.metadata().causationId() != null) {
            m = m.withHeader("causation-id", e.metadata().causationId());
        }
        return m;
    }

    private void relay(RecordedEvent event) {
        PublishOutcome outcome = broker.publish(exchange, routingKey.apply(event), messageOf(event), mandatory);
        if (!outcome.isConfirmed()) {
            throw new MessagingException("the broker did not confirm event " + event.eventId() + " (" + event.type()
                    + " at position " + event.position() + "): " + outcome + "; the relay stops before it");
        }
    }

    /** One step: publishes up to one batch; see {@link CatchUpSubscription#poll()}. */
    public int poll() {
        return subscription.poll();
    }

    /** Publishes everything appended so far; see {@link CatchUpSubscription#drain()}. */
    public long drain() {
        return subscription.drain();
    }

    /** Runs the relay on its own thread; see {@link CatchUpSubscription#start()}. */
    public void start() {
        subscription.start();
    }

    /** The subscription underneath (state, failure, checkpoint, restart). */
    public CatchUpSubscription subscription() {
        return subscription;
    }

    /** Stops the relay. */
    @Override
    public void close() {
        subscription.close();
    }

    /** Configures an {@link OutboxRelay}. Not threadsafe; build once. */
    public static final class Builder {
        private final String name;
        private final EventStore store;
        private final Broker broker;
        private final String exchange;
        private CheckpointStore checkpoints = new dev.microlab.eventstore.InMemoryCheckpointStore();
        private Function<RecordedEvent, String> routingKey = RecordedEvent::type;
        private Predicate<RecordedEvent> filter = e -> true;
        private int batchSize = 100;
        private boolean mandatory;

        private Builder(String name, EventStore store, Broker broker, String exchange) {
            this.name = CheckpointStore.validateName(name);
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.broker = Objects.requireNonNull(broker, "broker must not be null");
            this.exchange = Objects.requireNonNull(exchange, "exchange must not be null");
        }

        /** Where the relay's position is kept (default in memory: use a FileCheckpointStore in production). */
        public Builder checkpointStore(CheckpointStore store) {
            this.checkpoints = Objects.requireNonNull(store, "checkpointStore must not be null");
            return this;
        }

        /** The routing key of an event (default: its type). */
        public Builder routingKey(Function<RecordedEvent, String> key) {
            this.routingKey = Objects.requireNonNull(key, "routingKey must not be null");
            return this;
        }

        /** Which events to publish (default: all). */
        public Builder filter(Predicate<RecordedEvent> filter) {
            this.filter = Objects.requireNonNull(filter, "filter must not be null");
            return this;
        }

        /**
         * How many events one step reads (default 100): the most published again after a crash.
         *
         * @throws IllegalArgumentException if not in [1, 100000]
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("batchSize must be in [1, 100000], but was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether an event that no queue receives stops the relay (default false: such events are dropped). */
        public Builder mandatory(boolean mandatory) {
            this.mandatory = mandatory;
            return this;
        }

        /** The relay, positioned at its saved checkpoint. */
        public OutboxRelay build() {
            return new OutboxRelay(this);
        }
    }
}
