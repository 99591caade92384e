package dev.microlab.core.ratelimiter;

import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Arguments;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.internal.Nanos;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.Sleeper;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Caps how often calls may start: protects a dependency (or an API you serve) from more load
 * than it agreed to take, while allowing short bursts.
 *
 * <p>This is a token bucket. The bucket holds up to {@code burstCapacity} permits and starts
 * full; it refills continuously at {@code permitsPerPeriod} per {@code period}. Over any run of
 * time {@code T} starting with a full bucket, at most {@code burstCapacity + floor(rate * T)}
 * permits are granted — exactly that many if callers keep asking. The refill is computed from
 * elapsed nanoseconds in exact integer arithmetic (the fraction of a permit earned so far is
 * kept, never rounded away), so the rate does not drift however long the limiter runs.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder("search-api")
 *         .rate(100, Duration.ofSeconds(1))
 *         .burstCapacity(20)
 *         .build();
 * if (limiter.tryAcquire()) {
 *     search(query);
 * } else {
 *     respondTooManyRequests();
 * }
 * }</pre>
 *
 * <p>{@link #tryAcquire(int, Duration)} reserves permits ahead: if they will be available
 * within the timeout, it takes them now (the bucket may go into debt, so
 * {@link #availablePermits()} can be negative) and the caller waits for them with the
 * configured sleeper; otherwise it returns false at once without waiting. Reserving ahead keeps
 * waiting callers in order and never lets the long-run rate exceed the configured one.
 *
 * <p>The state is one immutable snapshot behind an {@link AtomicReference}, updated by
 * compare-and-set: no lock, no thread ever blocks another.
 *
 * <p>This class is threadsafe.
 */
public final class RateLimiter implements Policy {

    private final String name;
    /** The clock and sleeper never change at run time; the limits do, inside the state. */
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final EventPublisher<RateLimiterEvent> events;
    private final AtomicReference<State> state;

    /**
     * The settings in effect, with the integer arithmetic they imply. They live in the state,
     * so a change of the limit and the bucket it applies to are replaced by one compare-and-set.
     *
     * @param unitsPerPermit nanoseconds per period: one permit is worth this many units
     * @param unitsPerNano permits per period: each elapsed nanosecond earns this many units
     * @param sequence how many changes (of the limit, or drains) led here: 0, 1, 2, …
     */
    private record Limits(RateLimiterConfig config, long unitsPerPermit, long unitsPerNano, long burst,
                          long sequence) {
        static Limits of(RateLimiterConfig config, long sequence) {
            return new Limits(config, config.period().toNanos(), config.permitsPerPeriod(), config.burstCapacity(),
                    sequence);
        }
    }

    /**
     * The bucket at instant {@code nanos}: whole permits ({@code tokens}, negative when
     * reserved ahead) plus the fraction of the next permit earned so far, in units of
     * 1/{@code unitsPerPermit} permit ({@code 0 <= fraction < unitsPerPermit}), under
     * {@code limits}.
     */
    private record State(long tokens, long fraction, long nanos, Limits limits) {
    }

    private RateLimiter(String name, RateLimiterConfig config, TimeSource timeSource, Sleeper sleeper) {
        this.name = Arguments.requireName(name);
        Objects.requireNonNull(config, "config must not be null");
        this.timeSource = timeSource;
        this.sleeper = sleeper;
        this.events = new EventPublisher<>("rate limiter '" + name + "'");
        Limits limits = Limits.of(config, 0);
        this.state = new AtomicReference<>(new State(limits.burst, 0, timeSource.nanoTime(), limits));
    }

    /**
     * A rate limiter named {@code name} with {@code config}, on the system clock; {@link #builder}
     * gives it another clock.
     */
    public static RateLimiter of(String name, RateLimiterConfig config) {
        return new RateLimiter(name, config, TimeSource.system(), Sleeper.system());
    }

    /** A rate limiter with the {@link RateLimiterConfig#ofDefaults() defaults}: 50 per second. */
    public static RateLimiter ofDefaults(String name) {
        return of(name, RateLimiterConfig.ofDefaults());
    }

    /** A builder for a rate limiter named {@code name}, starting from the defaults. */
    public static Builder builder(String name) {
        return new Builder(Arguments.requireName(name));
    }

    @Override
    public String name() {
        return name;
    }

    /** The settings in effect now: as built, or as last {@linkplain #changeLimitForPeriod changed}. */
    public RateLimiterConfig config() {
        return state.get().limits.config;
    }

    /**
     * Changes how many permits are added per period, while calls are in flight, as
     * Resilience4j's {@code changeLimitForPeriod}. The permits earned until now are counted at
     * the old rate and the rest at the new one; the change itself grants nothing: the bucket
     * keeps its permits, capped at the new burst. A {@code burstCapacity} that was never set
     * follows the new rate (it is a derived default); one that was set stays. The limit and the
     * bucket change in one compare-and-set, so no caller sees one without the other. Publishes
     * {@link RateLimiterEvent.LimitChanged}.
     *
     * @throws IllegalArgumentException if {@code permitsPerPeriod < 1}
     */
    public void changeLimitForPeriod(int permitsPerPeriod) {
        long now = timeSource.nanoTime();
        while (true) {
            State current = state.get();
            State refilled = refill(current, now);
            Limits old = current.limits;
            RateLimiterConfig config = RateLimiterConfig.from(old.config)
                    .rate(permitsPerPeriod, old.config.period()).build();
            Limits next = Limits.of(config, old.sequence + 1);
            long tokens = Math.min(refilled.tokens, next.burst);
            State changed = new State(tokens, tokens == next.burst ? 0 : refilled.fraction, refilled.nanos, next);
            if (state.compareAndSet(current, changed)) {
                if (events.hasListeners()) {
                    events.publish(new RateLimiterEvent.LimitChanged(name, next.sequence,
                            old.config.permitsPerPeriod(), permitsPerPeriod, config.period(), config.burstCapacity()));
                }
                return;
            }
        }
    }

    /**
     * Takes every permit available now (and the fraction of the next one earned so far), as
     * Resilience4j's {@code drainPermissions}: callers are refused until new permits are earned.
     * Permits reserved ahead (a negative count) are left as they are. Publishes
     * {@link RateLimiterEvent.Drained}.
     *
     * @return how many whole permits were drained
     */
    public int drainPermissions() {
        long now = timeSource.nanoTime();
        while (true) {
            State current = state.get();
            State refilled = refill(current, now);
            Limits next = new Limits(refilled.limits.config, refilled.limits.unitsPerPermit,
                    refilled.limits.unitsPerNano, refilled.limits.burst, refilled.limits.sequence + 1);
            long drained = Math.max(0, refilled.tokens);
            State empty = refilled.tokens >= 0
                    ? new State(0, 0, refilled.nanos, next)
                    : new State(refilled.tokens, refilled.fraction, refilled.nanos, next);
            if (state.compareAndSet(current, empty)) {
                if (events.hasListeners()) {
                    events.publish(new RateLimiterEvent.Drained(name, next.sequence, (int) drained));
                }
                return (int) drained;
            }
        }
    }

    /** Where this rate limiter publishes {@link RateLimiterEvent}s. */
    public EventPublisher<RateLimiterEvent> eventPublisher() {
        return events;
    }

    /**
     * The permits available right now (a snapshot); negative while permits reserved ahead by
     * {@link #tryAcquire(int, Duration)} are still being earned.
     */
    public int availablePermits() {
        long tokens = refill(state.get(), timeSource.nanoTime()).tokens;
        return (int) Math.max(Integer.MIN_VALUE, tokens);
    }

    /** Takes one permit if available now; never waits. */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code permits} permits if all are available now; never waits.
     *
     * @throws IllegalArgumentException if {@code permits} is not in [1, burstCapacity]
     */
    public boolean tryAcquire(int permits) {
        checkPermits(permits);
        long now = timeSource.nanoTime();
        while (true) {
            State current = state.get();
            State refilled = refill(current, now);
            if (refilled.tokens < permits) {
                rejected(permits);
                return false;
            }
            if (state.compareAndSet(current,
                    new State(refilled.tokens - permits, refilled.fraction, refilled.nanos, refilled.limits))) {
                permitted(permits, Duration.ZERO);
                return true;
            }
        }
    }

    /**
     * Takes {@code permits} permits, waiting up to {@code timeout} for them. If they cannot
     * be available within {@code timeout}, returns false at once without waiting. Otherwise
     * reserves them now and waits (with the configured sleeper) until they have been earned.
     * If that wait is interrupted, the reservation is given back, the interrupt flag is set
     * again and the method returns false.
     *
     * @throws IllegalArgumentException if {@code permits} is not in [1, burstCapacity] or
     *     {@code timeout} is negative
     */
    public boolean tryAcquire(int permits, Duration timeout) {
        checkPermits(permits);
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, but was " + timeout);
        }
        long timeoutNanos = Nanos.of(timeout);
        long now = timeSource.nanoTime();
        while (true) {
            State current = state.get();
            State refilled = refill(current, now);
            long waitNanos = waitNanos(refilled, permits);
            if (waitNanos != 0) {
                // refilled.nanos can be ahead of our reading if another thread read the clock later
                waitNanos = Nanos.add(waitNanos, refilled.nanos - now);
            }
            if (waitNanos > timeoutNanos) {
                rejected(permits);
                return false;
            }
            if (state.compareAndSet(current,
                    new State(refilled.tokens - permits, refilled.fraction, refilled.nanos, refilled.limits))) {
                Duration wait = Duration.ofNanos(waitNanos);
                permitted(permits, wait);
                if (waitNanos > 0) {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        giveBack(permits);
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /**
     * Runs {@code call} once a permit is granted (waiting up to {@code maxWait}).
     *
     * @throws RequestNotPermittedException if no permit was granted; the call did not run
     */
    public <T> T executeSupplier(Supplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        acquireOrThrow();
        return call.get();
    }

    /**
     * Runs {@code call} once a permit is granted (waiting up to {@code maxWait}).
     *
     * @throws RequestNotPermittedException if no permit was granted; the call did not run
     */
    public <T> T executeCallable(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        acquireOrThrow();
        return call.call();
    }

    /**
     * Runs {@code call} once a permit is granted (waiting up to {@code maxWait}).
     *
     * @throws RequestNotPermittedException if no permit was granted; the call did not run
     */
    public void executeRunnable(Runnable call) {
        Objects.requireNonNull(call, "call must not be null");
        acquireOrThrow();
        call.run();
    }

    /**
     * Starts {@code call} if a permit is available now; never waits, whatever {@code maxWait}
     * says, so the calling thread is never blocked. Otherwise the returned stage fails with
     * {@link RequestNotPermittedException} and {@code call} is not invoked. A supplier that
     * throws (anything but a {@link VirtualMachineError}) or returns null gives a failed stage.
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        if (!tryAcquire(1)) {
            return CompletableFuture.failedFuture(new RequestNotPermittedException(name, 1));
        }
        try {
            return Objects.requireNonNull(call.get(), "the supplier returned a null CompletionStage");
        } catch (Throwable t) {
            return Futures.failed(t); // the one rule for what a call throws: see Policy
        }
    }

    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> {
            acquireOrThrow();
            return call.get();
        };
    }

    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "call must not be null");
        return () -> executeCompletionStage(call);
    }

    private void acquireOrThrow() {
        Duration maxWait = config().maxWait();
        boolean granted = maxWait.isZero() ? tryAcquire(1) : tryAcquire(1, maxWait);
        if (!granted) {
            throw new RequestNotPermittedException(name, 1);
        }
    }

    /** The bucket as it is at {@code now}: earned units added, capped at the burst. */
    private static State refill(State s, long now) {
        long elapsed = now - s.nanos;
        Limits l = s.limits;
        if (elapsed <= 0 || (s.tokens >= l.burst && s.fraction == 0)) {
            return elapsed <= 0 || s.nanos == now ? s : new State(s.tokens, 0, now, l);
        }
        long missingUnits = Nanos.multiply(l.burst - s.tokens, l.unitsPerPermit) - s.fraction;
        long earnedUnits = Nanos.multiply(elapsed, l.unitsPerNano);
        if (earnedUnits >= missingUnits) {
            return new State(l.burst, 0, now, l);
        }
        long units = s.fraction + earnedUnits; // < (burst - tokens) * unitsPerPermit: no overflow
        return new State(s.tokens + units / l.unitsPerPermit, units % l.unitsPerPermit, now, l);
    }

    /** Nanoseconds until {@code permits} are earned, from {@code s.nanos}; 0 if available. */
    private static long waitNanos(State s, int permits) {
        long missing = permits - s.tokens;
        if (missing <= 0) {
            return 0;
        }
        long unitsPerNano = s.limits.unitsPerNano;
        long missingUnits = Nanos.multiply(missing, s.limits.unitsPerPermit) - s.fraction;
        // ceil(missingUnits / unitsPerNano)
        return missingUnits / unitsPerNano + (missingUnits % unitsPerNano == 0 ? 0 : 1);
    }

    private void giveBack(int permits) {
        while (true) {
            State current = state.get();
            long burst = current.limits.burst;
            long tokens = Math.min(burst, current.tokens + permits);
            State next = new State(tokens, tokens == burst ? 0 : current.fraction, current.nanos, current.limits);
            if (state.compareAndSet(current, next)) {
                return;
            }
        }
    }

    private void checkPermits(int permits) {
        long burst = state.get().limits.burst;
        if (permits < 1 || permits > burst) {
            throw new IllegalArgumentException("permits must be in [1, " + burst
                    + "] (the burstCapacity of rate limiter '" + name + "'), but was " + permits);
        }
    }

    private void permitted(int permits, Duration wait) {
        if (events.hasListeners()) {
            events.publish(new RateLimiterEvent.Permitted(name, permits, wait));
        }
    }

    private void rejected(int permits) {
        if (events.hasListeners()) {
            events.publish(new RateLimiterEvent.Rejected(name, permits));
        }
    }

    @Override
    public String toString() {
        RateLimiterConfig config = config();
        return "RateLimiter[" + name + ", " + config.permitsPerPeriod() + " per " + config.period()
                + ", burst " + config.burstCapacity() + "]";
    }

    /** Builds a {@link RateLimiter}. Not threadsafe; the rate limiter it builds is. */
    public static final class Builder {
        private final String name;
        private RateLimiterConfig.Builder config = RateLimiterConfig.builder();
        private TimeSource timeSource = TimeSource.system();
        private Sleeper sleeper = Sleeper.system();

        private Builder(String name) {
            this.name = name;
        }

        /** Starts from {@code config} (later setters override its values; the clock is set here, not there). */
        public Builder config(RateLimiterConfig config) {
            this.config = RateLimiterConfig.from(Objects.requireNonNull(config, "config must not be null"));
            return this;
        }

        /** See {@link RateLimiterConfig.Builder#rate(int, Duration)}. */
        public Builder rate(int permits, Duration period) {
            config.rate(permits, period);
            return this;
        }

        /** See {@link RateLimiterConfig.Builder#burstCapacity(int)}. */
        public Builder burstCapacity(int burstCapacity) {
            config.burstCapacity(burstCapacity);
            return this;
        }

        /** See {@link RateLimiterConfig.Builder#maxWait(Duration)}. */
        public Builder maxWait(Duration maxWait) {
            config.maxWait(maxWait);
            return this;
        }

        /** The clock that refills the bucket; default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Arguments.requireNonNull(timeSource, "timeSource");
            return this;
        }

        /** How callers wait for permits reserved ahead; default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Arguments.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The rate limiter. */
        public RateLimiter build() {
            return new RateLimiter(name, config.build(), timeSource, sleeper);
        }
    }
}
