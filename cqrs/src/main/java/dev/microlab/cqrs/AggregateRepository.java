package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.eventstore.AppendResult;
import dev.microlab.eventstore.EventData;
import dev.microlab.eventstore.EventMetadata;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.ExpectedVersion;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.Rehydrated;
import dev.microlab.eventstore.Rehydrator;
import dev.microlab.eventstore.Snapshot;
import dev.microlab.eventstore.SnapshotStore;
import dev.microlab.eventstore.StreamName;
import dev.microlab.eventstore.WrongExpectedVersionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads event-sourced aggregates from an {@link EventStore} and saves their new events with
 * optimistic concurrency: the write side's only way to the store.
 *
 * <p><b>Load</b> = the latest usable snapshot (if snapshots are on) + the events after it,
 * replayed through {@link AggregateRoot#apply}, by the event store's {@link Rehydrator} (the
 * one place that loads from snapshot + events). A snapshot of another revision than the
 * codec's, one the codec cannot read, or one of events no longer visible (the stream was
 * soft-deleted since) is ignored, reported as {@link RepositoryEvent.SnapshotIgnored}, and
 * the aggregate is rebuilt from its visible events: a snapshot is a cache and never changes
 * what a load returns. <b>Save</b> appends the pending
 * events with {@code ExpectedVersion.of(aggregate.version())}, i.e. the version it was
 * loaded at: if another command wrote in between, the append fails with a
 * {@link WrongExpectedVersionException} and nothing is written (add a
 * {@link ConflictRetryInterceptor} to the bus to rerun the whole command). With
 * {@code snapshots(store, codec, n)}, a snapshot is saved each time a save crosses a
 * multiple of {@code n} events.
 *
 * <pre>{@code
 * AggregateRepository<Order, OrderEvent> orders = AggregateRepository
 *         .builder("order", OrderEvent.class, Order::new, store, serializer)
 *         .snapshots(new InMemorySnapshotStore(), new OrderSnapshotCodec(), 100)
 *         .build();
 * CommandResult r = orders.update("42", message, order -> order.addItem("book", 1, Money.of("EUR", 1250)));
 * }</pre>
 *
 * <p>Event ids: when a save is given the command's id, each event id is derived from it, the
 * stream and the event's index in the batch. Re-sending the very same command message after
 * an unknown outcome (a timeout) then produces the same ids, which the event store recognises
 * as the batch it already holds: the events are not written twice and the original result
 * is returned. A re-sent command that now breaks a rule (confirm twice) fails with the
 * {@link DomainException} instead.
 *
 * <p>This class is threadsafe; the aggregates it returns are not (one per command).
 *
 * @param <A> the aggregate type
 * @param <E> the aggregate's event type
 */
public final class AggregateRepository<A extends AggregateRoot<E>, E> {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateRepository.class);
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=]{0,49}");

    private final String category;
    private final Class<E> eventType;
    private final Function<String, A> factory;
    private final EventStore store;
    private final EventSerializer serializer;
    private final SnapshotStore snapshotStore;
    private final AggregateSnapshotCodec<A> codec;
    private final int snapshotEvery;
    private final int readBatchSize;
    private final TimeSource timeSource;
    private final EventPublisher<RepositoryEvent> events;

    private AggregateRepository(Builder<A, E> b) {
        this.category = b.category;
        this.eventType = b.eventType;
        this.factory = b.factory;
        this.store = b.store;
        this.serializer = b.serializer;
        this.snapshotStore = b.snapshotStore;
        this.codec = b.codec;
        this.snapshotEvery = b.snapshotEvery;
        this.readBatchSize = b.readBatchSize;
        this.timeSource = b.timeSource;
        this.events = new EventPublisher<>("aggregate repository '" + category + "'");
    }

    /**
     * A builder for aggregates of {@code category} (their streams are {@code category-id}).
     *
     * @param category   the stream category, e.g. "order": letters, digits and {@code . _ : @ + =}, no dash
     * @param eventType  the aggregate's event type; every stored event must be one
     * @param factory    creates an aggregate with no history from its id
     * @param store      the event store
     * @param serializer turns events into {@link EventData} and back (its registry knows every event class)
     * @throws IllegalArgumentException if {@code category} is not valid
     */
    public static <A extends AggregateRoot<E>, E> Builder<A, E> builder(String category, Class<E> eventType,
            Function<String, A> factory, EventStore store, EventSerializer serializer) {
        return new Builder<>(category, eventType, factory, store, serializer);
    }

    /** The stream of aggregate {@code id}: {@code category-id}. */
    public StreamName streamOf(String id) {
        Objects.requireNonNull(id, "id must not be null");
        return StreamName.of(category + "-" + id);
    }

    /**
     * The aggregate {@code id} with its whole history applied. An aggregate that has no event
     * is returned fresh from the factory, at version -1.
     *
     * @throws EventStoreException if an event cannot be read, or is not an {@code E}
     */
    public A load(String id) {
        StreamName stream = streamOf(id);
        A fresh = Objects.requireNonNull(factory.apply(id), "the aggregate factory returned null");
        // One mechanism loads from snapshot + events: the event store's Rehydrator. It decides
        // whether a snapshot is usable (its revision, and that it covers events still visible:
        // a soft-deleted stream's old snapshot must not bring the deleted state back).
        Rehydrator.Builder<A> rehydrator = Rehydrator.builder(store, fresh, (aggregate, recorded) -> {
            aggregate.replay(toEvent(recorded), recorded.streamVersion());
            return aggregate;
        }).pageSize(readBatchSize);
        SnapshotsOf snapshotsOf = null;
        if (codec != null) {
            snapshotsOf = new SnapshotsOf(id, stream);
            rehydrator.snapshots(snapshotsOf, codec.revision(), snapshotsOf);
        }
        Rehydrated<A> loaded = rehydrator.build().load(stream);
        A aggregate = loaded.state();
        aggregate.restoredAt(loaded.version());
        long snapshotVersion = loaded.fromSnapshot() ? loaded.version() - loaded.eventsReplayed() : EventStore.NO_VERSION;
        if (events.hasListeners()) {
            if (snapshotsOf != null && snapshotsOf.seen != null && !loaded.fromSnapshot() && !snapshotsOf.reported) {
                events.publish(new RepositoryEvent.SnapshotIgnored(stream, snapshotsOf.seen.version(),
                        whyUnusable(snapshotsOf.seen)));
            }
            events.publish(new RepositoryEvent.Loaded(stream, aggregate.version(), snapshotVersion,
                    (int) loaded.eventsReplayed()));
        }
        return aggregate;
    }

    private String whyUnusable(Snapshot snapshot) {
        if (snapshot.revision() != codec.revision()) {
            return "revision " + snapshot.revision() + " is not the codec's revision " + codec.revision();
        }
        return "version " + snapshot.version() + " is not among the stream's visible events (deleted since?)";
    }

    /**
     * One load's view of the snapshot store and codec, as the {@link Rehydrator} wants them: the
     * codec decodes for this aggregate id, and the snapshot looked at is remembered so that an
     * ignored one can be reported. Lives for one load, on one thread.
     */
    private final class SnapshotsOf implements SnapshotStore, dev.microlab.eventstore.SnapshotCodec<A> {
        private final String id;
        private final StreamName stream;
        private Snapshot seen;
        private boolean reported;

        SnapshotsOf(String id, StreamName stream) {
            this.id = id;
            this.stream = stream;
        }

        @Override
        public Optional<Snapshot> load(StreamName of) {
            Optional<Snapshot> snapshot = snapshotStore.load(of);
            seen = snapshot.orElse(null);
            return snapshot;
        }

        @Override
        public void save(Snapshot snapshot) {
            snapshotStore.save(snapshot);
        }

        @Override
        public void delete(StreamName of) {
            snapshotStore.delete(of);
        }

        @Override
        public byte[] encode(A aggregate) {
            return codec.encode(aggregate);
        }

        @Override
        public A decode(byte[] bytes) {
            try {
                A restored = Objects.requireNonNull(codec.decode(id, bytes), "codec.decode returned null");
                restored.restoredAt(seen.version());
                return restored;
            } catch (RuntimeException e) {
                // the Rehydrator logs it and replays the stream from its first event
                if (events.hasListeners()) {
                    reported = true;
                    events.publish(new RepositoryEvent.SnapshotIgnored(stream, seen.version(), e.toString()));
                }
                throw e;
            }
        }
    }

    private E toEvent(RecordedEvent recorded) {
        Object event = serializer.deserialize(recorded);
        if (!eventType.isInstance(event)) {
            throw new EventStoreException("event at position " + recorded.position() + " of stream '"
                    + recorded.stream() + "' is a " + event.getClass().getName() + ", not a " + eventType.getName()
                    + "; this stream holds events of another aggregate");
        }
        return eventType.cast(event);
    }

    /**
     * Appends the aggregate's pending events with the version it was loaded at, with random
     * event ids; see {@link #save(AggregateRoot, EventMetadata, UUID)}.
     */
    public CommandResult save(A aggregate, EventMetadata metadata) {
        return save(aggregate, metadata, null);
    }

    /**
     * Appends the aggregate's pending events, expecting the stream to be at
     * {@code aggregate.version()}, and forgets them once written. Takes a snapshot if the save
     * crosses a multiple of the snapshot interval (a failing snapshot is logged, never fails
     * the save).
     *
     * @param commandId if not null, event ids are derived from it (idempotent re-send)
     * @return the stream, its new version, the position of the last event and the events
     * @throws WrongExpectedVersionException if the stream moved since the aggregate was loaded
     */
    public CommandResult save(A aggregate, EventMetadata metadata, UUID commandId) {
        Objects.requireNonNull(aggregate, "aggregate must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
        StreamName stream = streamOf(aggregate.id());
        List<E> pending = aggregate.pendingEvents();
        long before = aggregate.version();
        List<EventData> batch = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            UUID eventId = commandId == null ? UUID.randomUUID()
                    : UUID.nameUUIDFromBytes((commandId + "/" + stream + "/" + i)
                            .getBytes(StandardCharsets.UTF_8));
            batch.add(serializer.serialize(eventId, pending.get(i), metadata));
        }
        if (batch.isEmpty()) {
            AppendResult current = store.append(stream, ExpectedVersion.ANY, List.of());
            return new CommandResult(stream, current.nextExpectedVersion(), current.lastPosition(), List.of());
        }
        AppendResult result = store.append(stream, ExpectedVersion.of(before), batch);
        aggregate.saved(result.nextExpectedVersion());
        maybeSnapshot(aggregate, stream, before, result.nextExpectedVersion());
        return new CommandResult(stream, result.nextExpectedVersion(), result.lastPosition(), List.copyOf(pending));
    }

    private void maybeSnapshot(A aggregate, StreamName stream, long before, long after) {
        if (codec == null || (after + 1) / snapshotEvery == (before + 1) / snapshotEvery) {
            return;
        }
        try {
            snapshotStore.save(new Snapshot(stream, after, codec.revision(), codec.encode(aggregate),
                    timeSource.instant()));
            if (events.hasListeners()) {
                events.publish(new RepositoryEvent.SnapshotTaken(stream, after));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not snapshot '{}' at version {}; the next load replays more events", stream, after, e);
        }
    }

    /**
     * Load, act, save: the body of most command handlers. {@code action} calls one business
     * method of the aggregate (which may throw a {@link DomainException}: nothing is then
     * written). The events carry the message's metadata and ids derived from its command id.
     *
     * @throws WrongExpectedVersionException if another command wrote the aggregate in between
     */
    public CommandResult update(String id, CommandMessage<?> message, Consumer<? super A> action) {
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(action, "action must not be null");
        A aggregate = load(id);
        action.accept(aggregate);
        return save(aggregate, message.eventMetadata(), message.commandId());
    }

    /** Where the repository reports loads and snapshots; see {@link RepositoryEvent}. */
    public EventPublisher<RepositoryEvent> eventPublisher() {
        return events;
    }

    @Override
    public String toString() {
        return "AggregateRepository[" + category + ", snapshotEvery=" + (codec == null ? "off" : snapshotEvery) + "]";
    }

    /** Configures an {@link AggregateRepository}. Not threadsafe; build once. */
    public static final class Builder<A extends AggregateRoot<E>, E> {
        private final String category;
        private final Class<E> eventType;
        private final Function<String, A> factory;
        private final EventStore store;
        private final EventSerializer serializer;
        private SnapshotStore snapshotStore;
        private AggregateSnapshotCodec<A> codec;
        private int snapshotEvery;
        private int readBatchSize = 500;
        private TimeSource timeSource = TimeSource.system();

        private Builder(String category, Class<E> eventType, Function<String, A> factory, EventStore store,
                EventSerializer serializer) {
            Objects.requireNonNull(category, "category must not be null");
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException("category must be 1 to 50 ASCII letters, digits and . _ : @ + =,"
                        + " starting with a letter or digit and without '-', but was '" + category + "'");
            }
            this.category = category;
            this.eventType = Objects.requireNonNull(eventType, "eventType must not be null");
            this.factory = Objects.requireNonNull(factory, "factory must not be null");
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
        }

        /**
         * Turns snapshots on: after a save that crosses a multiple of {@code every} events,
         * the state is encoded with {@code codec} and saved to {@code snapshotStore}; loads
         * start from the latest snapshot of the codec's revision.
         *
         * @throws IllegalArgumentException if {@code every} is not in [1, 1000000]
         */
        public Builder<A, E> snapshots(SnapshotStore snapshotStore, AggregateSnapshotCodec<A> codec, int every) {
            Objects.requireNonNull(snapshotStore, "snapshotStore must not be null");
            Objects.requireNonNull(codec, "codec must not be null");
            if (every < 1 || every > 1_000_000) {
                throw new IllegalArgumentException("snapshot interval (every) must be in [1, 1000000], but was "
                        + every);
            }
            if (codec.revision() < 1) {
                throw new IllegalArgumentException("codec.revision() must be >= 1, but was " + codec.revision());
            }
            this.snapshotStore = snapshotStore;
            this.codec = codec;
            this.snapshotEvery = every;
            return this;
        }

        /**
         * How many events one read of a stream returns while loading (default 500).
         *
         * @throws IllegalArgumentException if not in [1, 100000]
         */
        public Builder<A, E> readBatchSize(int readBatchSize) {
            if (readBatchSize < 1 || readBatchSize > 100_000) {
                throw new IllegalArgumentException("readBatchSize must be in [1, 100000], but was " + readBatchSize);
            }
            this.readBatchSize = readBatchSize;
            return this;
        }

        /** The clock that stamps snapshots (default: the system clock). */
        public Builder<A, E> timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /** The repository. */
        public AggregateRepository<A, E> build() {
            return new AggregateRepository<>(this);
        }
    }
}
