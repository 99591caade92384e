package dev.microlab.core.bulkhead;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Arguments;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.internal.Nanos;
import dev.microlab.core.policy.Policy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Limits how many calls to one dependency run at the same time, so that a slow dependency
 * ties up at most {@code maxConcurrentCalls} threads instead of all of them (the bulkheads of
 * a ship keep one flooded compartment from sinking it).
 *
 * <p>Use one bulkhead per dependency you want to isolate. A call that finds no free permit
 * waits up to {@code maxWait} (blocking calls only) and is then rejected with a
 * {@link BulkheadFullException} without running.
 *
 * <pre>{@code
 * Bulkhead bulkhead = Bulkhead.builder("inventory")
 *         .maxConcurrentCalls(10)
 *         .maxWait(Duration.ofMillis(50))
 *         .build();
 * Stock stock = bulkhead.executeSupplier(() -> inventoryClient.stock(sku));
 * }</pre>
 *
 * <p>Permits never leak: every {@code execute*} method gives the permit back in a
 * {@code finally} block, and {@link #executeCompletionStage} gives it back when the call's
 * stage completes, also when the supplier throws or returns null; cancelling the returned stage
 * cancels the call's stage, whose completion then gives the permit back. Giving back more permits than were
 * taken is refused with an {@link IllegalStateException}, so {@link #availablePermits()} never
 * exceeds {@link #maxConcurrentCalls()}.
 *
 * <p>Asynchronous calls never wait for a permit: blocking the caller of an asynchronous API
 * would defeat its purpose, so {@link #executeCompletionStage} fails fast whatever
 * {@code maxWait} says.
 *
 * <p>Waiters are served in order (the permits are a fair semaphore): a released permit goes to
 * the blocking caller that has waited longest. A caller that does not wait — an asynchronous
 * call, {@link #tryAcquirePermission()}, or any call with {@code maxWait} zero — never takes a
 * permit ahead of a queued waiter: while anyone waits, it is rejected, even at the instant a
 * permit is being handed over.
 *
 * <p>This class is threadsafe.
 */
public final class Bulkhead implements Policy {

    private final String name;
    /** The settings in effect; replaced as a whole by {@link #changeConfig}. */
    private volatile BulkheadConfig config;
    private final Permits permits;
    /** Serialises configuration changes (rare); calls never take it. */
    private final Object changeLock = new Object();
    /** Numbers the configuration changes, so listeners can order them: 1, 2, 3, … */
    private long changes;
    /**
     * Permits held through the public {@link #tryAcquirePermission()} / {@link #acquirePermission()};
     * guards {@link #releasePermission()} against releasing more than was acquired. The
     * {@code execute*} and {@code decorate*} paths pair acquire and release themselves, so they
     * skip this counter: on the hot path it was a second contended atomic next to the semaphore's.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final EventPublisher<BulkheadEvent> events;

    private Bulkhead(String name, BulkheadConfig config) {
        this.name = Arguments.requireName(name);
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.permits = new Permits(config.maxConcurrentCalls());
        this.events = new EventPublisher<>("bulkhead '" + name + "'");
    }

    /** A bulkhead named {@code name} with {@code config}. */
    public static Bulkhead of(String name, BulkheadConfig config) {
        return new Bulkhead(name, config);
    }

    /** A bulkhead with the {@link BulkheadConfig#ofDefaults() defaults}: 25 calls, no wait. */
    public static Bulkhead ofDefaults(String name) {
        return new Bulkhead(name, BulkheadConfig.ofDefaults());
    }

    /** A builder for a bulkhead named {@code name}, starting from the defaults. */
    public static Builder builder(String name) {
        return new Builder(Arguments.requireName(name));
    }

    @Override
    public String name() {
        return name;
    }

    /** The settings in effect now: as built, or as last {@linkplain #changeConfig changed}. */
    public BulkheadConfig config() {
        return config;
    }

    /** Where this bulkhead publishes {@link BulkheadEvent}s. */
    public EventPublisher<BulkheadEvent> eventPublisher() {
        return events;
    }

    /** The limit on concurrent calls. */
    public int maxConcurrentCalls() {
        return config.maxConcurrentCalls();
    }

    /**
     * Changes the limit on concurrent calls while calls are in flight, as Resilience4j's
     * {@code changeConfig} does. Raising it frees the extra permits at once. Lowering it never
     * interrupts or waits for a running call: the permits still held are simply not handed out
     * again until fewer calls than the new limit run, so at no time do more calls run than the
     * old or the new limit allows, and {@link #availablePermits()} is negative while more calls
     * than the new limit are still running. Publishes {@link BulkheadEvent.LimitChanged}.
     *
     * @throws IllegalArgumentException if {@code maxConcurrentCalls < 1}
     */
    public void changeMaxConcurrentCalls(int maxConcurrentCalls) {
        BulkheadConfig.builder().maxConcurrentCalls(maxConcurrentCalls); // validates before anything changes
        change(current -> BulkheadConfig.from(current).maxConcurrentCalls(maxConcurrentCalls).build());
    }

    /**
     * Replaces the settings while calls are in flight: the limit changes as described in
     * {@link #changeMaxConcurrentCalls}; a new {@code maxWait} applies to callers that start
     * waiting afterwards. Atomic with respect to other changes. Publishes
     * {@link BulkheadEvent.LimitChanged}.
     */
    public void changeConfig(BulkheadConfig newConfig) {
        Objects.requireNonNull(newConfig, "newConfig must not be null");
        change(current -> newConfig);
    }

    /** Applies {@code update} to the config in effect, under the change lock (no lost update). */
    private void change(java.util.function.UnaryOperator<BulkheadConfig> update) {
        BulkheadConfig old;
        BulkheadConfig newConfig;
        long sequence;
        synchronized (changeLock) {
            old = config;
            newConfig = update.apply(old);
            int delta = newConfig.maxConcurrentCalls() - old.maxConcurrentCalls();
            if (delta > 0) {
                config = newConfig;       // the new limit is visible before its extra permits
                permits.release(delta);
            } else {
                permits.reduce(-delta);   // the permits go before the smaller limit is visible
                config = newConfig;
            }
            sequence = ++changes;
        }
        if (events.hasListeners()) { // outside the lock: a listener never holds up a change
            events.publish(new BulkheadEvent.LimitChanged(name, sequence, old.maxConcurrentCalls(),
                    newConfig.maxConcurrentCalls(), newConfig.maxWait()));
        }
    }

    /**
     * How many permits are free right now (a snapshot); negative right after the limit was
     * lowered while more calls than the new limit still run.
     */
    public int availablePermits() {
        return permits.availablePermits();
    }

    /** An estimate of how many threads wait for a permit right now; for tests. */
    int waitingCallers() {
        return permits.getQueueLength();
    }

    /**
     * Takes a permit if one is free and no blocking caller is queued for it, without ever
     * blocking.
     *
     * @return true if the caller now holds a permit and must {@link #releasePermission()} it
     */
    public boolean tryAcquirePermission() {
        if (tryAcquireInTurn()) {
            inFlight.incrementAndGet();
            permitted();
            return true;
        }
        rejected();
        return false;
    }

    /**
     * Takes a permit, waiting up to {@code maxWait} for one.
     *
     * @throws BulkheadFullException if no permit became free in time, or if the thread was
     *     interrupted while waiting (the interrupt flag is then set again)
     */
    public void acquirePermission() {
        acquire();
        inFlight.incrementAndGet();
    }

    /** Takes a permit for a call this class releases itself; see {@link #acquirePermission()}. */
    private void acquire() {
        Duration maxWait = config.maxWait();
        boolean acquired;
        if (maxWait.isZero()) {
            acquired = tryAcquireInTurn();
        } else {
            try {
                acquired = permits.tryAcquire(Nanos.of(maxWait), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rejected();
                throw new BulkheadFullException(name, config.maxConcurrentCalls(), e);
            }
        }
        if (!acquired) {
            rejected();
            throw new BulkheadFullException(name, config.maxConcurrentCalls());
        }
        permitted();
    }

    /**
     * Takes a free permit unless a blocking caller is already queued for one. The untimed
     * {@link Semaphore#tryAcquire()} would barge ahead of the fair semaphore's queue (its
     * Javadoc says so); the timed one with a zero timeout honours the queue, as Resilience4j's
     * bulkhead does. It throws if the thread is interrupted, so the flag is set aside and restored:
     * a call that does not wait has no wait to interrupt.
     */
    private boolean tryAcquireInTurn() {
        boolean interrupted = Thread.interrupted();
        try {
            return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException cannotHappen) {
            interrupted = true;
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Gives back a permit taken with {@link #tryAcquirePermission()} or
     * {@link #acquirePermission()}.
     *
     * @throws IllegalStateException if no permit is held, i.e. more releases than acquisitions
     */
    public void releasePermission() {
        int held;
        do {
            held = inFlight.get();
            if (held == 0) {
                throw new IllegalStateException("Bulkhead '" + name
                        + "': releasePermission() called more often than permits were acquired");
            }
        } while (!inFlight.compareAndSet(held, held - 1));
        release();
    }

    /** Gives back a permit taken with {@link #acquire()} or {@link #tryAcquireInTurn()}. */
    private void release() {
        permits.release();
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallFinished(name));
        }
    }

    /**
     * Runs {@code call} holding a permit.
     *
     * @throws BulkheadFullException if no permit was free within {@code maxWait}; the call did
     *     not run
     */
    public <T> T executeSupplier(Supplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        acquire();
        try {
            return call.get();
        } finally {
            release();
        }
    }

    /**
     * Runs {@code call} holding a permit; throws what the call threw.
     *
     * @throws BulkheadFullException if no permit was free within {@code maxWait}
     */
    public <T> T executeCallable(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        acquire();
        try {
            return call.call();
        } finally {
            release();
        }
    }

    /**
     * Runs {@code call} holding a permit.
     *
     * @throws BulkheadFullException if no permit was free within {@code maxWait}
     */
    public void executeRunnable(Runnable call) {
        Objects.requireNonNull(call, "call must not be null");
        acquire();
        try {
            call.run();
        } finally {
            release();
        }
    }

    /**
     * Starts {@code call} holding a permit and gives the permit back when its stage completes.
     * Never blocks: with no free permit the returned stage fails with a
     * {@link BulkheadFullException} and {@code call} is not invoked. If the supplier throws or
     * returns null, the permit is given back at once and the returned stage fails with that
     * exception (a {@link NullPointerException} for null).
     *
     * <p>The returned stage completes after the permit has been given back.
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        if (!tryAcquireInTurn()) {
            rejected();
            return CompletableFuture.failedFuture(
                    new BulkheadFullException(name, config.maxConcurrentCalls()));
        }
        permitted();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(call.get(), "the supplier returned a null CompletionStage");
        } catch (Throwable t) {
            release();
            return Futures.failed(t); // the one rule for what a call throws: see Policy
        }
        // The permit stands for the call's work, so it goes back when the call's own stage
        // completes. Returning stage.whenComplete(...) would leak it: cancelling that dependent
        // stage (a TimeLimiter does) completes it first, and CompletableFuture then never runs
        // the release action. Instead, cancelling what we return cancels the call itself.
        CompletableFuture<T> outcome = new CompletableFuture<>();
        stage.whenComplete((result, failure) -> {
            release();
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        });
        outcome.whenComplete((result, failure) -> {
            if (outcome.isCancelled()) {
                Futures.cancel(stage); // a stage that cannot be cancelled keeps its permit until it completes
            }
        });
        return outcome;
    }

    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> {
            acquire();
            try {
                return call.get();
            } finally {
                release();
            }
        };
    }

    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> executeCompletionStage(call);
    }

    private void permitted() {
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallPermitted(name));
        }
    }

    private void rejected() {
        if (events.hasListeners()) {
            events.publish(new BulkheadEvent.CallRejected(name));
        }
    }

    /** A fair semaphore whose permits can be taken away without waiting (a lowered limit). */
    private static final class Permits extends Semaphore {
        private static final long serialVersionUID = 1L;

        Permits(int permits) {
            super(permits, true);
        }

        void reduce(int count) {
            reducePermits(count);
        }
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", available=" + availablePermits() + "/"
                + config.maxConcurrentCalls() + "]";
    }

    /** Builds a {@link Bulkhead}. Not threadsafe; the bulkhead it builds is. */
    public static final class Builder {
        private final String name;
        private BulkheadConfig.Builder config = BulkheadConfig.builder();

        private Builder(String name) {
            this.name = name;
        }

        /** Starts from {@code config} (later setters override its values). */
        public Builder config(BulkheadConfig config) {
            this.config = BulkheadConfig.from(Objects.requireNonNull(config, "config must not be null"));
            return this;
        }

        /** See {@link BulkheadConfig.Builder#maxConcurrentCalls(int)}. */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            config.maxConcurrentCalls(maxConcurrentCalls);
            return this;
        }

        /** See {@link BulkheadConfig.Builder#maxWait(Duration)}. */
        public Builder maxWait(Duration maxWait) {
            config.maxWait(maxWait);
            return this;
        }

        /** The bulkhead. */
        public Bulkhead build() {
            return new Bulkhead(name, config.build());
        }
    }
}
