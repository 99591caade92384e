package dev.microlab.eventstore;

import dev.microlab.core.time.TimeSource;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a state from a stream: from the latest usable snapshot, then the events after it.
 * The event-sourcing "load" step, with snapshots that can never break it.
 *
 * <p>A snapshot is used only if its revision equals the configured one, it can be decoded,
 * and it covers events that are still visible (not before a soft delete). Any other snapshot
 * is ignored, with a log line, and the state is rebuilt from the events (Axon #566: an
 * incompatible snapshot must mean "slower", never "broken").
 *
 * <pre>{@code
 * Rehydrator<Cart> carts = Rehydrator.builder(store, Cart.EMPTY, (cart, e) -> cart.apply(serializer.deserialize(e)))
 *         .snapshots(snapshotStore, 2, SnapshotCodec.jackson(mapper, Cart.class))
 *         .build();
 * Rehydrated<Cart> cart = carts.load(StreamName.of("cart-7"));
 * store.append(stream, cart.expectedVersion(), newEvents);
 * if (cart.eventsReplayed() > 100) carts.snapshot(stream, cart);
 * }</pre>
 *
 * <p>This class is threadsafe if the evolve function and codec are.
 *
 * @param <S> the state type
 */
public final class Rehydrator<S> {

    private static final Logger LOG = LoggerFactory.getLogger(Rehydrator.class);

    private final EventStore store;
    private final S initialState;
    private final BiFunction<S, RecordedEvent, S> evolve;
    private final SnapshotStore snapshots;
    private final int revision;
    private final SnapshotCodec<S> codec;
    private final int pageSize;
    private final TimeSource timeSource;

    private Rehydrator(Builder<S> b) {
        this.store = b.store;
        this.initialState = b.initialState;
        this.evolve = b.evolve;
        this.snapshots = b.snapshots;
        this.revision = b.revision;
        this.codec = b.codec;
        this.pageSize = b.pageSize;
        this.timeSource = b.timeSource;
    }

    /** A builder: {@code evolve} applies one event to a state and returns the new state. */
    public static <S> Builder<S> builder(EventStore store, S initialState, BiFunction<S, RecordedEvent, S> evolve) {
        return new Builder<>(store, initialState, evolve);
    }

    /**
     * The current state of {@code stream}: snapshot (if usable) plus the events after it.
     *
     * @throws StreamDeletedException if the stream is tombstoned
     */
    public Rehydrated<S> load(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        S state = initialState;
        long version = EventStore.NO_VERSION;
        boolean fromSnapshot = false;
        Optional<Snapshot> snapshot = usableSnapshot(stream);
        if (snapshot.isPresent()) {
            try {
                state = codec.decode(snapshot.get().state());
                version = snapshot.get().version();
                fromSnapshot = true;
            } catch (IOException | RuntimeException e) {
                LOG.warn("snapshot of '{}' at version {} (revision {}) cannot be decoded; rebuilding from events",
                        stream, snapshot.get().version(), revision, e);
            }
        }
        long replayed = 0;
        long from = version + 1;
        while (true) {
            List<RecordedEvent> page = store.readStreamForward(stream, from, pageSize);
            for (RecordedEvent e : page) {
                state = Objects.requireNonNull(evolve.apply(state, e), "evolve returned null");
                version = e.streamVersion();
                replayed++;
            }
            if (page.size() < pageSize) {
                break;
            }
            from = version + 1;
        }
        return new Rehydrated<>(state, version, fromSnapshot, replayed);
    }

    private Optional<Snapshot> usableSnapshot(StreamName stream) {
        if (snapshots == null) {
            return Optional.empty();
        }
        Optional<Snapshot> any = snapshots.load(stream);
        if (any.isEmpty()) {
            return any;
        }
        Snapshot s = any.get();
        if (s.revision() != revision) {
            LOG.info("ignoring snapshot of '{}' at version {}: revision {} is not the current revision {};"
                    + " rebuilding from events", stream, s.version(), s.revision(), revision);
            return Optional.empty();
        }
        StreamInfo info = store.streamInfo(stream);
        if (s.version() < info.firstVersion() || s.version() > info.version()) {
            LOG.info("ignoring snapshot of '{}' at version {}: the stream's visible versions are {}..{}", stream,
                    s.version(), info.firstVersion(), info.version());
            return Optional.empty();
        }
        return any;
    }

    /**
     * Saves {@code state} as the snapshot of {@code stream}.
     *
     * @throws IllegalStateException if no snapshot store is configured
     * @throws IllegalArgumentException if the state has no version (empty stream)
     */
    public void snapshot(StreamName stream, Rehydrated<S> state) {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (snapshots == null) {
            throw new IllegalStateException("no snapshot store configured; use Builder.snapshots(...)");
        }
        if (state.version() < 0) {
            throw new IllegalArgumentException(
                    "cannot snapshot a stream without events (version " + state.version() + ")");
        }
        byte[] bytes;
        try {
            bytes = codec.encode(state.state());
        } catch (IOException e) {
            throw new EventStoreException("cannot encode the snapshot of '" + stream + "'", e);
        }
        snapshots.save(new Snapshot(stream, state.version(), revision, bytes, timeSource.instant()));
    }

    /** Configures a {@link Rehydrator}. Not threadsafe; build once. */
    public static final class Builder<S> {
        private final EventStore store;
        private final S initialState;
        private final BiFunction<S, RecordedEvent, S> evolve;
        private SnapshotStore snapshots;
        private int revision;
        private SnapshotCodec<S> codec;
        private int pageSize = 500;
        private TimeSource timeSource = TimeSource.system();

        private Builder(EventStore store, S initialState, BiFunction<S, RecordedEvent, S> evolve) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.initialState = Objects.requireNonNull(initialState, "initialState must not be null");
            this.evolve = Objects.requireNonNull(evolve, "evolve must not be null");
        }

        /**
         * Uses snapshots of schema {@code revision} from {@code snapshotStore}.
         *
         * @throws IllegalArgumentException if {@code revision} is below 1
         */
        public Builder<S> snapshots(SnapshotStore snapshotStore, int revision, SnapshotCodec<S> codec) {
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be >= 1, but was " + revision);
            }
            this.snapshots = Objects.requireNonNull(snapshotStore, "snapshotStore must not be null");
            this.codec = Objects.requireNonNull(codec, "codec must not be null");
            this.revision = revision;
            return this;
        }

        /**
         * How many events one read fetches (default 500).
         *
         * @throws IllegalArgumentException if not in [1, 100000]
         */
        public Builder<S> pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 100_000) {
                throw new IllegalArgumentException("pageSize must be in [1, 100000], but was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Where snapshot times are read (default: the system clock). */
        public Builder<S> timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /** The rehydrator. */
        public Rehydrator<S> build() {
            return new Rehydrator<>(this);
        }
    }
}
