package dev.microlab.eventstore;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.internal.Throwables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every event of a store, in position order, to a handler: first the history after
 * a checkpoint (catch-up), then new events as they are committed (live). Projections, read
 * models, process managers and outboxes are built on it.
 *
 * <p><b>Two ways to drive it.</b> {@link #poll()} does one step on the caller's thread: it
 * reads up to {@code batchSize} events after the checkpoint, hands them to the handler and
 * saves the checkpoint. Tests step it deterministically, with no thread and no waiting.
 * {@link #start()} runs the same steps on a dedicated thread that waits for new events
 * with {@link EventStore#awaitAppend} when it has caught up.
 *
 * <pre>{@code
 * CatchUpSubscription sub = CatchUpSubscription.builder("order-summary", store, event -> view.apply(event))
 *         .checkpointStore(new FileCheckpointStore(dir))
 *         .filter(e -> e.stream().category().equals("order"))
 *         .build();
 * sub.start();                       // background thread
 * sub.caughtUp().get(5, SECONDS);    // history replayed
 * ...
 * sub.close();
 * }</pre>
 *
 * <p><b>Guarantees.</b> The checkpoint is exclusive: the event at the checkpoint position is
 * never delivered again, the next one is (KurrentDB #4970). Within one run every committed
 * event is delivered exactly once, in position order (filtered-out events are skipped but
 * still advance the checkpoint). A handler that throws stops the subscription <i>before</i>
 * the failing event: the checkpoint stays at the last event handled, the state becomes
 * {@link SubscriptionState#FAILED}, the error is logged, published and kept in
 * {@link #failure()}, and nothing is skipped; {@link #restart()} resumes from the
 * checkpoint. The checkpoint is saved after each batch, so after a crash up to one batch is
 * delivered again: delivery is at-least-once across restarts, and handlers dedupe by
 * {@link RecordedEvent#position()}.
 *
 * <p>This class is threadsafe: steps are serialized, so the handler is never called
 * concurrently with itself.
 */
public final class CatchUpSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpSubscription.class);

    private final String name;
    private final EventStore store;
    private final EventHandler handler;
    private final CheckpointStore checkpoints;
    private final int batchSize;
    private final Predicate<RecordedEvent> filter;
    private final ThreadFactory threadFactory;
    private final Duration idleWait;
    private final EventPublisher<SubscriptionEvent> events;

    private final Object stepLock = new Object();
    private volatile long checkpoint;
    private long savedCheckpoint;
    private volatile SubscriptionState state = SubscriptionState.CATCHING_UP;
    private volatile Throwable failure;
    private volatile long failedPosition;
    private volatile CompletableFuture<Long> caughtUp = new CompletableFuture<>();
    private final Object runnerLock = new Object();
    private Thread runner;
    private boolean background;

    private CatchUpSubscription(Builder b) {
        this.name = b.name;
        this.store = b.store;
        this.handler = b.handler;
        this.checkpoints = b.checkpoints;
        this.batchSize = b.batchSize;
        this.filter = b.filter;
        this.threadFactory = b.threadFactory;
        this.idleWait = b.idleWait;
        this.events = new EventPublisher<>("subscription '" + name + "'");
        this.checkpoint = checkpoints.load(name).orElse(b.startAfter);
        this.savedCheckpoint = checkpoint;
    }

    /**
     * A builder for a subscription called {@code name} (its checkpoint key) over {@code store}.
     *
     * @throws IllegalArgumentException if the name is not a valid checkpoint name
     */
    public static Builder builder(String name, EventStore store, EventHandler handler) {
        return new Builder(name, store, handler);
    }

    /**
     * One step: reads up to {@code batchSize} events after the checkpoint, delivers those that
     * pass the filter, advances and saves the checkpoint. Stops early if the handler throws,
     * leaving the subscription {@link SubscriptionState#FAILED}.
     *
     * @return how many events the checkpoint moved past (0: nothing new, or failed on the first)
     * @throws IllegalStateException if the subscription is failed or closed
     */
    public int poll() {
        List<SubscriptionEvent> toPublish = events.hasListeners() ? new ArrayList<>(2) : null;
        try {
            return step(toPublish);
        } finally {
            if (toPublish != null) {
                toPublish.forEach(events::publish);
            }
        }
    }

    private int step(List<SubscriptionEvent> toPublish) {
        synchronized (stepLock) {
            if (state == SubscriptionState.FAILED) {
                throw new IllegalStateException("subscription '" + name + "' failed at position " + failedPosition
                        + " (checkpoint " + checkpoint + "); call restart() to resume", failure);
            }
            if (state == SubscriptionState.CLOSED) {
                throw new IllegalStateException("subscription '" + name + "' is closed");
            }
            long head = store.lastPosition();
            List<RecordedEvent> batch = store.readAll(checkpoint, batchSize);
            int consumed = 0;
            for (RecordedEvent event : batch) {
                if (filter.test(event)) {
                    try {
                        handler.handle(event);
                    } catch (Throwable t) {
                        Throwables.rethrowIfFatal(t);
                        if (t instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                        fail(event.position(), t, toPublish);
                        return consumed;
                    }
                }
                checkpoint = event.position();
                consumed++;
            }
            if (!saveCheckpoint(toPublish)) {
                return consumed;
            }
            if (state == SubscriptionState.CATCHING_UP && checkpoint >= head) {
                state = SubscriptionState.LIVE;
                LOG.debug("subscription '{}' caught up at position {}", name, checkpoint);
                if (toPublish != null) {
                    toPublish.add(new SubscriptionEvent.CaughtUp(name, checkpoint));
                }
                caughtUp.complete(checkpoint);
            }
            return consumed;
        }
    }

    /**
     * Polls until a step finds nothing new or the subscription fails: everything committed
     * before the call is handled when it returns normally.
     *
     * @return how many events the checkpoint moved past in total
     * @throws IllegalStateException if the subscription is failed or closed when called
     */
    public long drain() {
        long total = 0;
        int n;
        do {
            n = poll();
            total += n;
        } while (n > 0 && state != SubscriptionState.FAILED);
        return total;
    }

    private void fail(long position, Throwable t, List<SubscriptionEvent> toPublish) {
        failure = t;
        failedPosition = position;
        state = SubscriptionState.FAILED;
        LOG.warn("subscription '{}' stopped: its handler threw on the event at position {}; checkpoint stays at {}."
                + " Fix the cause and call restart()", name, position, checkpoint, t);
        saveCheckpoint(toPublish);
        if (toPublish != null) {
            toPublish.add(new SubscriptionEvent.Failed(name, checkpoint, position, t));
        }
    }

    private boolean saveCheckpoint(List<SubscriptionEvent> toPublish) {
        if (checkpoint == savedCheckpoint) {
            return true;
        }
        try {
            checkpoints.save(name, checkpoint);
        } catch (RuntimeException e) {
            if (state != SubscriptionState.FAILED) {
                fail(checkpoint + 1, e, toPublish);
            } else {
                LOG.warn("subscription '{}' could not save its checkpoint {}", name, checkpoint, e);
            }
            return false;
        }
        savedCheckpoint = checkpoint;
        if (toPublish != null) {
            toPublish.add(new SubscriptionEvent.CheckpointSaved(name, checkpoint));
        }
        return true;
    }

    /**
     * Resumes a failed subscription from its saved checkpoint: the event that failed is
     * delivered again. If it was running in the background, the thread is started again.
     *
     * @throws IllegalStateException if the subscription is not failed
     */
    public void restart() {
        boolean runAgain;
        synchronized (stepLock) {
            if (state != SubscriptionState.FAILED) {
                throw new IllegalStateException("subscription '" + name + "' can only be restarted when FAILED, but is "
                        + state);
            }
            checkpoint = checkpoints.load(name).orElse(checkpoint);
            savedCheckpoint = checkpoint;
            failure = null;
            state = SubscriptionState.CATCHING_UP;
            caughtUp = new CompletableFuture<>();
        }
        long at = checkpoint;
        events.publish(() -> new SubscriptionEvent.Restarted(name, at));
        synchronized (runnerLock) {
            runAgain = background;
        }
        if (runAgain) {
            startThread();
        }
    }

    /**
     * Runs the subscription on its own thread until {@link #stop()}, {@link #close()} or a
     * handler failure.
     *
     * @throws IllegalStateException if it is already running in the background, or closed
     */
    public void start() {
        synchronized (runnerLock) {
            if (background) {
                throw new IllegalStateException("subscription '" + name + "' is already started");
            }
            if (state == SubscriptionState.CLOSED) {
                throw new IllegalStateException("subscription '" + name + "' is closed");
            }
            background = true;
        }
        startThread();
    }

    private void startThread() {
        synchronized (runnerLock) {
            Thread t = threadFactory.newThread(this::runLoop);
            runner = t;
            t.start();
        }
    }

    private void runLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SubscriptionState s = state;
                if (s == SubscriptionState.FAILED || s == SubscriptionState.CLOSED) {
                    return;
                }
                int n = poll();
                if (n == 0 && state != SubscriptionState.FAILED) {
                    store.awaitAppend(checkpoint, idleWait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException | EventStoreException e) {
            if (state != SubscriptionState.CLOSED) {
                LOG.warn("subscription '{}' background thread stopped", name, e);
            }
        }
    }

    /** Stops the background thread, if any, and waits for it to finish its current step. */
    public void stop() {
        Thread t;
        synchronized (runnerLock) {
            background = false;
            t = runner;
            runner = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The subscription's name, also its checkpoint key. */
    public String name() {
        return name;
    }

    /** The position of the last event handled (or skipped by the filter): exclusive resume point. */
    public long checkpoint() {
        return checkpoint;
    }

    /** Where the subscription is in its life. */
    public SubscriptionState state() {
        return state;
    }

    /** Whether it has reached the head of the store in this run. */
    public boolean isCaughtUp() {
        return state == SubscriptionState.LIVE;
    }

    /** What the handler threw, while {@link SubscriptionState#FAILED}. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Completes with the checkpoint when this run first reaches the head of the store. */
    public CompletableFuture<Long> caughtUp() {
        return caughtUp;
    }

    /** Where this subscription reports what it does; see {@link SubscriptionEvent}. */
    public EventPublisher<SubscriptionEvent> eventPublisher() {
        return events;
    }

    /** Stops the background thread and makes the subscription unusable. Closing twice is harmless. */
    @Override
    public void close() {
        synchronized (stepLock) {
            state = SubscriptionState.CLOSED;
        }
        stop();
    }

    @Override
    public String toString() {
        return "CatchUpSubscription[" + name + ", " + state + ", checkpoint=" + checkpoint + "]";
    }

    /** Configures a {@link CatchUpSubscription}. Not threadsafe; build once. */
    public static final class Builder {
        private final String name;
        private final EventStore store;
        private final EventHandler handler;
        private CheckpointStore checkpoints = new InMemoryCheckpointStore();
        private int batchSize = 256;
        private long startAfter = EventStore.START;
        private Predicate<RecordedEvent> filter = e -> true;
        private ThreadFactory threadFactory;
        private Duration idleWait = Duration.ofSeconds(1);

        private Builder(String name, EventStore store, EventHandler handler) {
            this.name = CheckpointStore.validateName(name);
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.handler = Objects.requireNonNull(handler, "handler must not be null");
            this.threadFactory = r -> {
                Thread t = new Thread(r, "subscription-" + name);
                t.setDaemon(true);
                return t;
            };
        }

        /** Where the checkpoint is loaded from and saved to (default: a fresh in-memory store). */
        public Builder checkpointStore(CheckpointStore checkpointStore) {
            this.checkpoints = Objects.requireNonNull(checkpointStore, "checkpointStore must not be null");
            return this;
        }

        /**
         * How many events one step reads (default 256); the checkpoint is saved once per step.
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

        /**
         * Where to start when the checkpoint store has nothing for this name (default
         * {@link EventStore#START}): the position after which delivery begins (exclusive).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder startAfter(long position) {
            if (position < 0) {
                throw new IllegalArgumentException("startAfter must be >= 0, but was " + position);
            }
            this.startAfter = position;
            return this;
        }

        /** Only events that pass are handed to the handler; the others just move the checkpoint. */
        public Builder filter(Predicate<RecordedEvent> filter) {
            this.filter = Objects.requireNonNull(filter, "filter must not be null");
            return this;
        }

        /** Creates the background thread of {@link #start()} (default: a daemon named "subscription-NAME"). */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory must not be null");
            return this;
        }

        /**
         * How long the background thread waits for a new event before it checks again
         * (default 1 s); a new event wakes it at once, so this only bounds the delay of a
         * missed wake-up.
         *
         * @throws IllegalArgumentException if not in [1 ms, 1 min]
         */
        public Builder idleWait(Duration idleWait) {
            Objects.requireNonNull(idleWait, "idleWait must not be null");
            if (idleWait.toMillis() < 1 || idleWait.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("idleWait must be in [1 ms, 1 min], but was " + idleWait);
            }
            this.idleWait = idleWait;
            return this;
        }

        /**
         * The subscription, positioned at its saved checkpoint (or {@link #startAfter}).
         * Nothing is delivered until {@link CatchUpSubscription#poll()} or {@link CatchUpSubscription#start()}.
         */
        public CatchUpSubscription build() {
            return new CatchUpSubscription(this);
        }
    }
}
