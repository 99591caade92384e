package dev.microlab.cqrs;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.TimeSource;
import dev.microlab.cqrs.internal.ProjectionCheckpoints;
import dev.microlab.eventstore.CatchUpSubscription;
import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventSerializer;
import dev.microlab.eventstore.EventStore;
import dev.microlab.eventstore.RecordedEvent;
import dev.microlab.eventstore.SubscriptionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a read model up to date from the event store: consumes a {@link CatchUpSubscription},
 * dispatches each event by type to its {@link ProjectionHandler}, and commits the new model
 * <i>together with</i> the event's position to a {@link ProjectionStore}.
 *
 * <p><b>Exactly once, across restarts.</b> The subscription's checkpoint is read from the
 * projection store, where it was committed in the same atomic step as the model; an event at
 * or before the committed position is ignored. So a projection that is stopped, crashes or is
 * created again over the same store resumes exactly after the last event its model includes:
 * nothing is skipped and nothing is applied twice. Events of types without a handler only
 * move the checkpoint.
 *
 * <p><b>Poison events.</b> With {@link PoisonEventPolicy#STOP} (the default) a handler that
 * throws stops the projection before the event: {@link #status()} is
 * {@link ProjectionStatus#FAILED}, {@link #failure()} says which event and why, and
 * {@link #restart()} tries it again. With {@link PoisonEventPolicy#PARK} the event goes to
 * {@link #deadLetters()} (committed with the checkpoint) and the projection goes on.
 *
 * <p><b>Rebuild and swap.</b> {@link #rebuild()} builds a fresh model from position 0 into a new
 * store from the factory while the current model keeps answering {@link #read()}: up to the
 * store's last position when it began (so it ends however fast events keep coming), reporting
 * its progress; then it stops the old subscription, applies about one more batch and swaps them
 * in one step, and the live subscription takes the rest. If the rebuild fails or is cancelled,
 * the old model stays.
 *
 * <pre>{@code
 * Projection<OrderSummaries> summaries = Projection
 *         .builder("order-summaries", store, serializer, InMemoryProjectionStore.factory(OrderSummaries.EMPTY))
 *         .on(OrderCreated.class, (model, e, recorded) -> model.created(e))
 *         .on(ItemAdded.class, (model, e, recorded) -> model.itemAdded(e))
 *         .poisonPolicy(PoisonEventPolicy.PARK)
 *         .build();
 * summaries.start();                                        // background thread; or drain() in tests
 * summaries.position().awaitAtLeast(result.position(), Duration.ofSeconds(2));
 * OrderSummaries model = summaries.read();
 * }</pre>
 *
 * <p>This class is threadsafe: handlers run on one thread at a time, readers never block.
 *
 * @param <S> the read model type (immutable)
 */
public final class Projection<S> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Projection.class);
    private static final int MAX_NAME_LENGTH = 80;
    /** How many batches a rebuild may spend chasing the old model before it switches over anyway. */
    private static final int MAX_CHASE_BATCHES = 1_000;

    private final String name;
    private final EventStore eventStore;
    private final EventSerializer serializer;
    private final Supplier<? extends ProjectionStore<S>> storeFactory;
    private final Map<String, Binding<S, ?>> handlers;
    private final PoisonEventPolicy policy;
    private final int maxDeadLetters;
    private final int batchSize;
    private final TimeSource timeSource;
    private final ThreadFactory threadFactory;
    private final ProjectionPosition position;
    private final EventPublisher<ProjectionEvent> events;
    private final AtomicLong sequence = new AtomicLong();

    private final Object lifecycle = new Object();
    private volatile Generation<S> active;
    private volatile ProjectionFailure failure;
    private boolean running;
    private boolean rebuilding;
    private volatile boolean cancelRequested;
    private volatile ProjectionEvent.RebuildProgress progress;
    private boolean closed;
    private int generations;

    private Projection(Builder<S> b) {
        this.name = b.name;
        this.eventStore = b.eventStore;
        this.serializer = b.serializer;
        this.storeFactory = b.storeFactory;
        this.handlers = Map.copyOf(b.handlers);
        this.policy = b.policy;
        this.maxDeadLetters = b.maxDeadLetters;
        this.batchSize = b.batchSize;
        this.timeSource = b.timeSource;
        this.threadFactory = b.threadFactory;
        this.position = new ProjectionPosition(timeSource);
        this.events = new EventPublisher<>("projection '" + name + "'");
        ProjectionStore<S> initial = b.resumeFrom != null ? b.resumeFrom : newStore();
        this.active = newGeneration(0, initial);
        this.position.advanceTo(initial.current().position());
    }

    /**
     * A builder for a projection called {@code name} over {@code eventStore}.
     *
     * @param name         the projection's name (its subscription's name): 1 to 80 ASCII letters,
     *                     digits and {@code . _ -}, starting with a letter or digit
     * @param serializer   reads the events (its registry must know every handled class)
     * @param storeFactory makes an empty {@link ProjectionStore}: the first one, and one per rebuild
     * @throws IllegalArgumentException if the name is invalid
     */
    public static <S> Builder<S> builder(String name, EventStore eventStore, EventSerializer serializer,
            Supplier<? extends ProjectionStore<S>> storeFactory) {
        return new Builder<>(name, eventStore, serializer, storeFactory);
    }

    private ProjectionStore<S> newStore() {
        return Objects.requireNonNull(storeFactory.get(), "the projection store factory returned null");
    }

    private Generation<S> newGeneration(int number, ProjectionStore<S> target) {
        Generation<S> g = new Generation<>(number, target);
        String subscriptionName = number == 0 ? name : name + "-rebuild-" + number;
        // The subscription saves its checkpoint once per batch that moved it: the end of a batch.
        CheckpointStore checkpoints = new ProjectionCheckpoints(() -> target.current().position(),
                () -> batchApplied(g));
        g.subscription = CatchUpSubscription.builder(subscriptionName, eventStore, event -> handle(g, event))
                .checkpointStore(checkpoints)
                .batchSize(batchSize)
                .threadFactory(threadFactory)
                .build();
        return g;
    }

    private void handle(Generation<S> g, RecordedEvent event) throws Exception {
        if (g.batch == null && events.hasListeners()) {
            g.batch = new ArrayList<>();
            g.batchStartedAt = timeSource.nanoTime();
        }
        try {
            apply(g, event);
        } catch (Exception e) {
            if (g.batch != null && g.batch.isEmpty()) {
                g.batch = null; // the checkpoint does not move, so no save ends this batch: start afresh
            }
            if (g == active) {
                ProjectionFailure f = new ProjectionFailure(g.store.current().position(), event.position(),
                        event.type(), e);
                failure = f;
                position.failed(f);
                LOG.warn("projection '{}' stopped at position {}: applying the '{}' event at position {} failed."
                        + " Fix the cause and call restart()", name, f.checkpoint(), event.type(), event.position(), e);
                events.publish(() -> new ProjectionEvent.Stopped(name, f, sequence.incrementAndGet()));
            }
            throw e;
        }
    }

    private void apply(Generation<S> g, RecordedEvent event) throws Exception {
        ProjectionStore<S> target = g.store;
        ProjectionState<S> current = target.current();
        if (event.position() <= current.position()) {
            return; // already in the model: never apply twice
        }
        Binding<S, ?> binding = handlers.get(event.type());
        ProjectionState<S> next;
        DeadLetter parked = null;
        if (binding == null) {
            next = current.applied(current.model(), event.position());
        } else {
            try {
                S model = binding.apply(current.model(), serializer.deserialize(event), event);
                next = current.applied(Objects.requireNonNull(model, () -> "the handler of '" + event.type()
                        + "' returned null; return the model (unchanged if nothing changes)"), event.position());
            } catch (Exception e) {
                if (policy == PoisonEventPolicy.STOP) {
                    throw e;
                }
                if (current.deadLetters().size() >= maxDeadLetters) {
                    throw new IllegalStateException("projection '" + name + "' already parked " + maxDeadLetters
                            + " events (maxDeadLetters); so many poison events mean a bug, not bad data: stopping at"
                            + " position " + current.position() + " instead of parking the event at position "
                            + event.position(), e);
                }
                parked = DeadLetter.of(event, e, timeSource.instant());
                next = current.parked(parked);
                LOG.warn("projection '{}' parked the event at position {} ('{}' in stream '{}'): its handler threw;"
                        + " the read model does not include it", name, event.position(), event.type(),
                        event.stream(), e);
            }
        }
        if (!target.commit(current, next)) {
            throw new IllegalStateException("projection '" + name + "': the store changed under it at position "
                    + current.position() + "; two projections must not write to the same store");
        }
        if (g == active) {
            position.advanceTo(next.position());
        }
        if (g.batch != null) {
            g.batch.add(event);
        }
        if (parked != null) {
            DeadLetter letter = parked;
            events.publish(() -> new ProjectionEvent.EventParked(name, letter, sequence.incrementAndGet()));
        }
    }

    /** Reports the batch {@code g} has applied since its last checkpoint (if anyone listened while it ran). */
    private void batchApplied(Generation<S> g) {
        List<RecordedEvent> batch = g.batch;
        g.batch = null;
        if (batch == null || batch.isEmpty()) {
            return;
        }
        Duration took = Duration.ofNanos(Math.max(0, timeSource.nanoTime() - g.batchStartedAt));
        events.publish(() -> new ProjectionEvent.BatchApplied(name, g.number, batch.get(0).position(),
                batch.get(batch.size() - 1).position(), batch, took, sequence.incrementAndGet()));
    }

    /**
     * One step on the caller's thread: applies up to {@code batchSize} new events.
     *
     * @return how many events the checkpoint moved past
     * @throws IllegalStateException if the projection is failed or closed
     */
    public int poll() {
        synchronized (lifecycle) {
            return active.subscription.poll();
        }
    }

    /**
     * Polls until nothing is new or the projection fails: when it returns with
     * {@link #status()} not FAILED, every event committed before the call is in the model.
     *
     * @return how many events the checkpoint moved past
     * @throws IllegalStateException if the projection is failed or closed when called
     */
    public long drain() {
        synchronized (lifecycle) {
            return active.subscription.drain();
        }
    }

    /**
     * Runs the projection on a background thread (from the thread factory) until {@link #stop()},
     * {@link #close()} or a failure.
     *
     * @throws IllegalStateException if it is already started or closed
     */
    public void start() {
        synchronized (lifecycle) {
            requireOpen();
            active.subscription.start();
            running = true;
        }
    }

    /** Stops the background thread, if any, after its current step. */
    public void stop() {
        synchronized (lifecycle) {
            running = false;
            active.subscription.stop();
        }
    }

    /**
     * Resumes a FAILED projection from its checkpoint: the failed event is tried again (on the
     * background thread if the projection was started).
     *
     * @throws IllegalStateException if it is not FAILED
     */
    public void restart() {
        synchronized (lifecycle) {
            requireOpen();
            Generation<S> g = active;
            g.subscription.restart();
            failure = null;
            position.resumed();
            long at = g.store.current().position();
            events.publish(() -> new ProjectionEvent.Restarted(name, at, sequence.incrementAndGet()));
        }
    }

    /**
     * Builds a fresh read model from position 0 into a new store, while the current one keeps
     * serving, then swaps it in. Runs on the caller's thread; the background thread (if
     * started) is moved to the new model. On failure or cancellation the old model stays and
     * goes on as before.
     *
     * <p>Bounded under load: the rebuild catches up to a <i>target</i>, the store's last position
     * when it began, reporting {@link ProjectionEvent.RebuildProgress} after each batch; it then
     * chases the old model until it is less than one batch behind, stops the old subscription,
     * applies one more batch (so waiting queries are held for about one batch at most), swaps,
     * and lets the live subscription take whatever came after. {@link #cancelRebuild()} stops it
     * between two batches.
     *
     * @return the position of the new model when it was swapped in
     * @throws IllegalStateException if a rebuild is already running, the projection is closed,
     *         the factory's store is not empty, or a handler failed with policy STOP during the
     *         rebuild (the cause is attached)
     * @throws CancellationException if {@link #cancelRebuild()} was called meanwhile
     */
    public long rebuild() {
        int number;
        synchronized (lifecycle) {
            requireOpen();
            if (rebuilding) {
                throw new IllegalStateException("projection '" + name + "' is already rebuilding");
            }
            rebuilding = true;
            cancelRequested = false;
            number = ++generations;
        }
        Generation<S> fresh = null;
        try {
            ProjectionStore<S> target = newStore();
            if (target.current().position() != 0) {
                throw new IllegalStateException("the projection store factory must return an empty store for a"
                        + " rebuild, but its store is at position " + target.current().position());
            }
            fresh = newGeneration(number, target);
            long goal = eventStore.lastPosition();
            long startedAt = timeSource.nanoTime();
            events.publish(new ProjectionEvent.RebuildStarted(name, number, sequence.incrementAndGet()));
            LOG.info("projection '{}' rebuilding (generation {}) from position 0 up to {}; the current model keeps"
                    + " serving", name, number, goal);
            // 1. up to the target taken at start: bounded however fast new events arrive
            while (target.current().position() < goal) {
                if (step(fresh, number, goal, startedAt) == 0) {
                    break;
                }
            }
            // 2. chase the old model until less than one batch behind (a bounded number of batches)
            for (int round = 0; round < MAX_CHASE_BATCHES
                    && active.store.current().position() - target.current().position() >= batchSize; round++) {
                if (step(fresh, number, goal, startedAt) == 0) {
                    break;
                }
            }
            // 3. switch over: the old model stops, the new one takes one more batch (or what it
            //    still lacks to pass the old one), then serves and the live subscription goes on
            synchronized (lifecycle) {
                requireOpen();
                Generation<S> old = active;
                boolean wasRunning = running;
                old.subscription.stop();
                long oldPosition = old.store.current().position();
                long before = target.current().position();
                try {
                    do {
                        if (step(fresh, number, goal, startedAt) == 0) {
                            break;
                        }
                    } while (target.current().position() < oldPosition);
                } catch (RuntimeException e) {
                    if (wasRunning && old.subscription.state() != SubscriptionState.FAILED) {
                        old.subscription.start();
                    }
                    throw e;
                }
                long newPosition = target.current().position();
                active = fresh;
                failure = null;
                position.resumed();
                old.subscription.close();
                position.advanceTo(newPosition);
                if (wasRunning) {
                    fresh.subscription.start();
                }
                long switching = newPosition - before;
                events.publish(new ProjectionEvent.Swapped(name, number, oldPosition, newPosition, switching,
                        sequence.incrementAndGet()));
                LOG.info("projection '{}' swapped in generation {} at position {} (old model was at {}; {} events"
                        + " applied while switching)", name, number, newPosition, oldPosition, switching);
                return newPosition;
            }
        } catch (CancellationException e) {
            long done = fresh == null ? 0 : fresh.store.current().position();
            if (fresh != null) {
                fresh.subscription.close();
            }
            events.publish(new ProjectionEvent.RebuildCancelled(name, number, done, sequence.incrementAndGet()));
            LOG.info("projection '{}' rebuild (generation {}) cancelled after {} events; the current model stays",
                    name, number, done);
            throw e;
        } catch (RuntimeException e) {
            if (fresh != null) {
                fresh.subscription.close();
            }
            events.publish(new ProjectionEvent.RebuildFailed(name, number, e, sequence.incrementAndGet()));
            LOG.warn("projection '{}' rebuild (generation {}) failed; the current model stays", name, number, e);
            throw e;
        } finally {
            synchronized (lifecycle) {
                rebuilding = false;
                progress = null;
            }
        }
    }

    /** One batch of a rebuild: checks for cancellation, polls, fails on a handler error, reports progress. */
    private int step(Generation<S> g, int number, long goal, long startedAt) {
        if (cancelRequested) {
            throw new CancellationException("rebuild of projection '" + name + "' (generation " + number
                    + ") cancelled at position " + g.store.current().position() + " of " + goal);
        }
        int n = g.subscription.poll();
        if (g.subscription.state() == SubscriptionState.FAILED) {
            Throwable cause = g.subscription.failure().orElse(null);
            throw new IllegalStateException("rebuild of projection '" + name + "' stopped at position "
                    + g.store.current().position() + " because a handler threw: " + cause, cause);
        }
        long done = g.store.current().position();
        long elapsed = timeSource.nanoTime() - startedAt;
        boolean listened = events.hasListeners();
        ProjectionEvent.RebuildProgress now = new ProjectionEvent.RebuildProgress(name, number, done, goal,
                elapsed <= 0 ? 0.0 : done * 1e9 / elapsed, listened ? sequence.incrementAndGet() : 0);
        progress = now;
        if (listened) {
            events.publish(now);
        }
        return n;
    }

    /**
     * Asks the running rebuild to stop before its next batch: it then throws
     * {@link CancellationException} and the current model serves on. Does nothing if no rebuild
     * runs.
     *
     * @return whether a rebuild was running
     */
    public boolean cancelRebuild() {
        synchronized (lifecycle) {
            if (!rebuilding) {
                return false;
            }
            cancelRequested = true;
            return true;
        }
    }

    /** The progress of the running rebuild, if one runs and has done a batch. */
    public Optional<ProjectionEvent.RebuildProgress> rebuildProgress() {
        return Optional.ofNullable(progress);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("projection '" + name + "' is closed");
        }
    }

    /** The current read model (the committed one; never blocks). */
    public S read() {
        return active.store.current().model();
    }

    /** The current read model with its position and dead letters, consistent with each other. */
    public ProjectionState<S> state() {
        return active.store.current();
    }

    /** The store of the current model (it changes on a rebuild). */
    public ProjectionStore<S> store() {
        return active.store;
    }

    /** The position of the current model, and a way to wait for it: see {@link ProjectionPosition}. */
    public ProjectionPosition position() {
        return position;
    }

    /** The events parked under policy PARK, oldest first. */
    public List<DeadLetter> deadLetters() {
        return active.store.current().deadLetters();
    }

    /** Where the projection is in its life. */
    public ProjectionStatus status() {
        return switch (active.subscription.state()) {
            case CATCHING_UP -> ProjectionStatus.CATCHING_UP;
            case LIVE -> ProjectionStatus.LIVE;
            case FAILED -> ProjectionStatus.FAILED;
            case CLOSED -> ProjectionStatus.CLOSED;
        };
    }

    /** Why the projection stopped, while it is FAILED. */
    public Optional<ProjectionFailure> failure() {
        return status() == ProjectionStatus.FAILED ? Optional.ofNullable(failure) : Optional.empty();
    }

    /** Completes with the position when the current subscription first reaches the head of the store. */
    public CompletableFuture<Long> caughtUp() {
        return active.subscription.caughtUp();
    }

    /** How many rebuilds have been swapped in (0: the original model). */
    public int generation() {
        return active.number;
    }

    /** The projection's name. */
    public String name() {
        return name;
    }

    /** What the projection reports; see {@link ProjectionEvent}. */
    public EventPublisher<ProjectionEvent> eventPublisher() {
        return events;
    }

    /** Stops the background thread and makes the projection unusable; the model stays readable. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            running = false;
            active.subscription.close();
        }
    }

    @Override
    public String toString() {
        return "Projection[" + name + ", " + status() + ", position=" + position.current() + ", generation="
                + active.number + "]";
    }

    /** One read model being built by one subscription. */
    private static final class Generation<S> {
        final int number;
        final ProjectionStore<S> store;
        CatchUpSubscription subscription;
        /** The events applied since the last checkpoint, while someone listens; only touched by the subscription's steps. */
        List<RecordedEvent> batch;
        long batchStartedAt;

        Generation(int number, ProjectionStore<S> store) {
            this.number = number;
            this.store = store;
        }
    }

    /** A handler with the class it expects. */
    private record Binding<S, E>(Class<E> type, ProjectionHandler<S, E> handler) {
        S apply(S model, Object event, RecordedEvent recorded) throws Exception {
            if (!type.isInstance(event)) {
                throw new ClassCastException("event at position " + recorded.position() + " ('" + recorded.type()
                        + "') was read as a " + event.getClass().getName() + ", but its handler expects a "
                        + type.getName());
            }
            return handler.apply(model, type.cast(event), recorded);
        }
    }

    /** Configures a {@link Projection}. Not threadsafe; build once. */
    public static final class Builder<S> {
        private final String name;
        private final EventStore eventStore;
        private final EventSerializer serializer;
        private final Supplier<? extends ProjectionStore<S>> storeFactory;
        private final Map<String, Binding<S, ?>> handlers = new HashMap<>();
        private PoisonEventPolicy policy = PoisonEventPolicy.STOP;
        private int maxDeadLetters = 1_000;
        private int batchSize = 256;
        private TimeSource timeSource = TimeSource.system();
        private ThreadFactory threadFactory;
        private ProjectionStore<S> resumeFrom;

        private Builder(String name, EventStore eventStore, EventSerializer serializer,
                Supplier<? extends ProjectionStore<S>> storeFactory) {
            CheckpointStore.validateName(name);
            if (name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("projection name must be at most " + MAX_NAME_LENGTH
                        + " characters (a rebuild adds a suffix), but was " + name.length() + ": '" + name + "'");
            }
            this.name = name;
            this.eventStore = Objects.requireNonNull(eventStore, "eventStore must not be null");
            this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
            this.storeFactory = Objects.requireNonNull(storeFactory, "storeFactory must not be null");
            this.threadFactory = r -> {
                Thread t = new Thread(r, "projection-" + name);
                t.setDaemon(true);
                return t;
            };
        }

        /**
         * Handles events of class {@code type} (looked up in the serializer's registry; the
         * dispatch is by the stored type alias, so events of other types are not even read).
         *
         * @throws IllegalArgumentException if {@code type} is not registered or already has a handler
         */
        public <E> Builder<S> on(Class<E> type, ProjectionHandler<S, E> handler) {
            Objects.requireNonNull(type, "type must not be null");
            Objects.requireNonNull(handler, "handler must not be null");
            String alias = serializer.registry().forClass(type).alias();
            if (handlers.putIfAbsent(alias, new Binding<>(type, handler)) != null) {
                throw new IllegalArgumentException("a handler for " + type.getName() + " ('" + alias
                        + "') is already registered in projection '" + name + "'");
            }
            return this;
        }

        /** What to do when a handler throws (default {@link PoisonEventPolicy#STOP}). */
        public Builder<S> poisonPolicy(PoisonEventPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Under policy PARK, how many events may be parked before the projection stops instead
         * (default 1000): a flood of poison events is a bug, and parking all of them would hide it.
         *
         * @throws IllegalArgumentException if not in [1, 1000000]
         */
        public Builder<S> maxDeadLetters(int maxDeadLetters) {
            if (maxDeadLetters < 1 || maxDeadLetters > 1_000_000) {
                throw new IllegalArgumentException("maxDeadLetters must be in [1, 1000000], but was " + maxDeadLetters);
            }
            this.maxDeadLetters = maxDeadLetters;
            return this;
        }

        /**
         * How many events one {@link Projection#poll()} step reads (default 256).
         *
         * @throws IllegalArgumentException if not in [1, 100000]
         */
        public Builder<S> batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("batchSize must be in [1, 100000], but was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The clock for read-your-writes deadlines and dead-letter times (default: the system clock). */
        public Builder<S> timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
            return this;
        }

        /** Makes the background thread of {@link Projection#start()} (default: a daemon "projection-NAME"). */
        public Builder<S> threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory must not be null");
            return this;
        }

        /**
         * Continues from an existing store (a durable one, after a restart of the process)
         * instead of a fresh one from the factory: the projection resumes after its committed
         * position.
         */
        public Builder<S> resumeFrom(ProjectionStore<S> store) {
            this.resumeFrom = Objects.requireNonNull(store, "store must not be null");
            return this;
        }

        /** The projection; nothing is applied until {@link Projection#poll()}, {@link Projection#drain()} or {@link Projection#start()}. */
        public Projection<S> build() {
            return new Projection<>(this);
        }
    }
}
