package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.circuitbreaker.internal.CountSlidingWindow;
import dev.microlab.circuitbreaker.internal.SlidingWindow;
import dev.microlab.circuitbreaker.internal.TimeSlidingWindow;
import dev.microlab.circuitbreaker.internal.WindowCounts;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.internal.Futures;
import dev.microlab.core.internal.Nanos;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.Scheduler;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stops calling a backend that keeps failing, and finds out by itself when it has recovered.
 *
 * <p>Why: when a backend is down or overloaded, every call to it waits for a timeout, holds a
 * thread and adds load to the thing that is already struggling. A circuit breaker watches the
 * outcomes; when too many recent calls failed (or were slow) it <em>opens</em> and rejects calls
 * at once with {@link CallNotPermittedException}, without running them. After a wait it goes
 * <em>half-open</em> and lets a fixed number of trial calls through; their outcomes decide
 * whether it closes again or reopens. When not to use it: for calls that cannot fail in a way
 * that more calls make worse (pure computations), or in front of a single caller that already
 * retries with long backoff.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.builder("payments")
 *         .config(CircuitBreakerConfig.builder()
 *                 .failureRateThreshold(50)
 *                 .slidingWindow(SlidingWindowType.COUNT_BASED, 20)
 *                 .minimumNumberOfCalls(10)
 *                 .build())
 *         .build();
 * Supplier<Receipt> charge = breaker.decorateSupplier(() -> payments.charge(order));
 * try {
 *     Receipt receipt = charge.get();
 * } catch (CallNotPermittedException open) {
 *     // fail fast: the backend is known to be failing
 * }
 * }</pre>
 *
 * <h2>States</h2>
 * CLOSED, OPEN and HALF_OPEN are driven by the outcomes; DISABLED (always permits, records
 * nothing), FORCED_OPEN (always rejects) and METRICS_ONLY (records, never opens) are entered and
 * left only by the manual {@code transitionTo...} methods or {@link #reset()}. METRICS_ONLY
 * publishes {@link CircuitBreakerEvent.FailureRateExceeded} / {@link
 * CircuitBreakerEvent.SlowCallRateExceeded} once each time a rate crosses its threshold, so a
 * listener sees what <em>would</em> have opened the breaker.
 *
 * <h2>Concurrency</h2>
 * Each state episode is one object behind an {@link AtomicReference}; a transition is
 * a {@code compareAndSet} from the very state object that decided it, so it happens exactly
 * once, and only the thread that won publishes its event — outside any lock, since there is
 * none. CLOSED permits without a lock or a clock read and records into a lock-free window
 * without allocating; with no listener, a call through CLOSED allocates nothing. HALF_OPEN hands
 * out its trial permits with a CAS loop on a counter that never goes below zero: it never admits
 * more than {@code permittedCallsInHalfOpen} calls, however many threads race for them.
 *
 * <p>Outcomes of the decorating methods are recorded into the state that admitted the call; a
 * call admitted in CLOSED that completes after the breaker opened lands in the old window and
 * cannot disturb the half-open trial. The low-level methods ({@link #onSuccess(long)} and
 * friends) have no such handle and record into the current state.
 *
 * <h2>Method map (where to read what)</h2>
 * <ul>
 *   <li>Build: {@link #ofDefaults}, {@link #of}, {@link #builder} and the {@link Builder} at the end.
 *   <li>Observe: {@link #state()}, {@link #metrics()}, {@link #eventPublisher()}.
 *   <li>Low level (own instrumentation): {@link #tryAcquirePermission()}, {@link #acquirePermission()},
 *       then one of {@link #onSuccess}, {@link #onResult}, {@link #onError}, {@link #releasePermission()}.
 *   <li>Wrappers: the {@code decorate...} methods return a wrapper that calls the matching
 *       {@code execute...}; every synchronous {@code execute...} is one line over the private
 *       {@code timedCall} (permit, clock, call, clock, record), {@link #executeCompletionStage}
 *       is its asynchronous twin.
 *   <li>Outcomes: {@code completeReturned} / {@code completeThrown} classify an outcome (result
 *       and exception predicates, slow or not), publish it, and hand it to the granting state's
 *       {@code record}.
 *   <li>State changes: {@code transition} (the one CAS, its events and their sequence numbers),
 *       the manual {@code transitionTo...State()} methods and {@link #reset()}.
 *   <li>The states themselves, one package-private file each: {@code ClosedState},
 *       {@code OpenState}, {@code HalfOpenState}, {@code DisabledState}, {@code ForcedOpenState},
 *       {@code MetricsOnlyState}, behind {@code BreakerState}; a state answers a permit request
 *       with a {@code Permit}. The sliding windows are in the {@code internal} package.
 * </ul>
 *
 * <p>This class is threadsafe.
 */
public final class CircuitBreaker implements Policy {

    /** The states of a circuit breaker. */
    public enum State {
        /** Calls flow; outcomes are recorded; too many failures or slow calls open the breaker. */
        CLOSED,
        /** Calls are rejected until the wait is over. */
        OPEN,
        /** A fixed number of trial calls decide between CLOSED and OPEN. */
        HALF_OPEN,
        /** Calls flow; nothing is recorded; only a manual transition leaves it. */
        DISABLED,
        /** Calls are rejected; only a manual transition leaves it. */
        FORCED_OPEN,
        /** Calls flow and are recorded, but the breaker never opens. */
        METRICS_ONLY
    }

    private final String name;
    private final CircuitBreakerConfig config;
    private final TimeSource time;
    private final Scheduler scheduler;
    private final EventPublisher<CircuitBreakerEvent> events;
    private final AtomicReference<BreakerState> state;
    private final LongAdder notPermitted = new LongAdder();
    /** The last {@link CircuitBreakerEvent#sequence()} handed out. */
    private final AtomicLong sequence = new AtomicLong();

    // The config's values the states read on every call, unboxed and in nanoseconds (package-private for them).
    private final long slowCallNanos;
    final long maxWaitInHalfOpenNanos;
    private final long waitInOpenNanos;
    private final long maxWaitInOpenNanos;
    final int permittedInHalfOpen;
    final int successThreshold;
    final float failureRateThreshold;
    final float slowCallRateThreshold;
    private final Predicate<Throwable> recordException;
    private final Predicate<Throwable> ignoreException;
    private final Predicate<Object> recordResult;
    private final boolean writableStackTrace;
    private final boolean timeWindow;
    /** One stackless rejection per state (only OPEN, HALF_OPEN and FORCED_OPEN ever reject). */
    private final CallNotPermittedException[] sharedRejections;

    private CircuitBreaker(Builder builder) {
        this.name = builder.name;
        this.config = builder.config;
        this.time = builder.timeSource;
        this.scheduler = builder.scheduler;
        this.events = new EventPublisher<>("circuit breaker '" + name + "'");
        this.slowCallNanos = Nanos.of(config.slowCallDuration());
        this.maxWaitInHalfOpenNanos = config.maxWaitInHalfOpen().map(Nanos::of).orElse(-1L);
        this.waitInOpenNanos = Nanos.of(config.waitDurationInOpen());
        this.maxWaitInOpenNanos = Nanos.of(config.maxWaitDurationInOpen());
        this.permittedInHalfOpen = config.permittedCallsInHalfOpen();
        this.successThreshold = config.successThresholdInHalfOpen().orElse(0);
        this.failureRateThreshold = config.failureRateThreshold();
        this.slowCallRateThreshold = config.slowCallRateThreshold();
        this.recordException = config.recordException();
        this.ignoreException = config.ignoreException();
        this.recordResult = config.recordResult();
        this.writableStackTrace = config.writableStackTrace();
        this.timeWindow = config.slidingWindowType() == SlidingWindowType.TIME_BASED;
        this.sharedRejections = new CallNotPermittedException[State.values().length];
        for (State rejecting : State.values()) {
            sharedRejections[rejecting.ordinal()] = new CallNotPermittedException(name, rejecting, false);
        }
        this.state = new AtomicReference<>(new ClosedState(this));
    }

    /** A breaker with the default config and the system clock. */
    public static CircuitBreaker ofDefaults(String name) {
        return new Builder(name, "ofDefaults").build();
    }

    /** A breaker with {@code config} and the system clock. */
    public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
        Objects.requireNonNull(config, "of: config must not be null");
        return new Builder(name, "of").config(config).build();
    }

    /** A builder for a breaker called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name, "builder");
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public String name() {
        return name;
    }

    /** The config this breaker was built with. */
    public CircuitBreakerConfig config() {
        return config;
    }

    /** The time source it reads; the low-level API measures durations with it. */
    public TimeSource timeSource() {
        return time;
    }

    /** The current state. */
    public State state() {
        return state.get().state();
    }

    /**
     * How long this breaker will go on rejecting calls by itself: in {@code OPEN}, what is left of
     * this opening's wait ({@code waitDurationInOpen}, grown by {@code exponentialOpenWait}), and
     * zero once it is over (the next call then moves the breaker to {@code HALF_OPEN}). Zero in
     * every other state, including {@code FORCED_OPEN}, which no clock ends (an operator does).
     * Failsafe calls this {@code getRemainingDelay()}; Resilience4j has no equivalent.
     *
     * <p>A service that rejects a request because a breaker is open can pass this on as an HTTP
     * {@code Retry-After}, rounded up to whole seconds, so clients come back when a trial call can
     * be admitted rather than hammering the open breaker. It is a hint, read from the clock now:
     * the breaker may open again, for longer, after a failed trial.
     *
     * @return the remaining wait, never negative
     */
    public Duration remainingOpenTime() {
        return Duration.ofNanos(state.get().remainingOpenNanos());
    }

    /** A snapshot of the current state's counts and rates. */
    public CircuitBreakerMetrics metrics() {
        BreakerState current = state.get();
        WindowCounts counts = current.counts();
        int minimum = current.minimumCallsForRates();
        return new CircuitBreakerMetrics(current.state(), counts.failureRate(minimum), counts.slowCallRate(minimum),
                counts.calls(), counts.failed(), counts.slow(), notPermitted.sum());
    }

    /**
     * Where this breaker reports what it did ({@link CircuitBreakerEvent}s), the same accessor
     * every microlab component has: {@code breaker.eventPublisher().subscribe(listener)} adds a
     * listener and returns the registration that removes it.
     */
    public EventPublisher<CircuitBreakerEvent> eventPublisher() {
        return events;
    }

    // ------------------------------------------------------------------ low-level API

    /**
     * Asks for a permit; on {@code true} the caller must later report exactly one of
     * {@link #onSuccess}, {@link #onError}, {@link #onResult} or {@link #releasePermission()}.
     * A rejection is counted and published.
     */
    public boolean tryAcquirePermission() {
        while (true) {
            BreakerState current = state.get();
            Permit verdict = current.tryAcquire();
            if (verdict == Permit.PERMITTED) {
                return true;
            }
            if (verdict == Permit.REJECTED) {
                rejected(current);
                return false;
            }
        }
    }

    /**
     * Like {@link #tryAcquirePermission()}, but throws on rejection.
     *
     * @throws CallNotPermittedException if the breaker rejects the call
     */
    public void acquirePermission() {
        acquireOrThrow();
    }

    /** Gives back a permit that was not used for a call (the call was never made). */
    public void releasePermission() {
        state.get().release();
    }

    /** Reports a call that completed normally after {@code durationNanos}. */
    public void onSuccess(long durationNanos) {
        completeReturned(state.get(), durationNanos, nowForWindow(), null, false);
    }

    /** Reports a call that returned {@code result}, which the result predicate may mark as failure. */
    public void onResult(long durationNanos, Object result) {
        completeReturned(state.get(), durationNanos, nowForWindow(), result, true);
    }

    /** Reports a call that threw {@code error}; the exception predicates classify it. */
    public void onError(long durationNanos, Throwable error) {
        Objects.requireNonNull(error, "onError: error must not be null");
        completeThrown(state.get(), durationNanos, nowForWindow(), error);
    }

    /**
     * The clock reading a low-level outcome is recorded at: only a time window uses it (the
     * wrappers have it anyway, from timing the call); a count window saves the clock read.
     */
    private long nowForWindow() {
        return timeWindow ? time.nanoTime() : 0L;
    }

    // ------------------------------------------------------------------ decorators

    /** Policy entry point; same as {@link #decorateCheckedSupplier(CheckedSupplier)}. */
    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "decorate: call must not be null");
        return decorateCheckedSupplier(call);
    }

    /** Policy entry point; same as {@link #decorateCompletionStage(Supplier)}. */
    @Override
    public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
        Objects.requireNonNull(call, "decorateAsync: call must not be null");
        return decorateCompletionStage(call);
    }

    /** A call that goes through this breaker each time it is invoked. */
    public <T> CheckedSupplier<T> decorateCheckedSupplier(CheckedSupplier<T> call) {
        Objects.requireNonNull(call, "decorateCheckedSupplier: call must not be null");
        return () -> executeCheckedSupplier(call);
    }

    /** A supplier that goes through this breaker each time it is invoked. */
    public <T> Supplier<T> decorateSupplier(Supplier<T> call) {
        Objects.requireNonNull(call, "decorateSupplier: call must not be null");
        return () -> executeSupplier(call);
    }

    /** A callable that goes through this breaker each time it is invoked. */
    public <T> Callable<T> decorateCallable(Callable<T> call) {
        Objects.requireNonNull(call, "decorateCallable: call must not be null");
        return () -> executeCallable(call);
    }

    /** A runnable that goes through this breaker each time it is invoked. */
    public Runnable decorateRunnable(Runnable call) {
        Objects.requireNonNull(call, "decorateRunnable: call must not be null");
        return () -> executeRunnable(call);
    }

    /** A function that goes through this breaker each time it is applied. */
    public <T, R> Function<T, R> decorateFunction(Function<T, R> call) {
        Objects.requireNonNull(call, "decorateFunction: call must not be null");
        return argument -> this.<R, RuntimeException>timedCall(CallShape.FUNCTION, call, argument);
    }

    /**
     * An asynchronous call that goes through this breaker each time it is invoked: the permit is
     * taken when the supplier is called, the outcome is recorded when the stage completes, and
     * the duration runs from the supplier call to the completion, on this breaker's time source.
     * A rejection is a stage completed with {@link CallNotPermittedException}; the supplier is
     * not called.
     */
    public <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> call) {
        Objects.requireNonNull(call, "decorateCompletionStage: call must not be null");
        return () -> executeCompletionStage(call);
    }

    /**
     * Runs {@code call} through this breaker.
     *
     * @throws CallNotPermittedException if the breaker rejects the call (which then never runs)
     * @throws Exception what the call threw
     */
    public <T> T executeCheckedSupplier(CheckedSupplier<T> call) throws Exception {
        Objects.requireNonNull(call, "executeCheckedSupplier: call must not be null");
        return this.<T, Exception>timedCall(CallShape.CHECKED_SUPPLIER, call, null);
    }

    /**
     * Runs {@code call} through this breaker. Allocation-free in CLOSED with no listener: the
     * method a closed-state benchmark should measure.
     *
     * @throws CallNotPermittedException if the breaker rejects the call (which then never runs)
     */
    public <T> T executeSupplier(Supplier<T> call) {
        Objects.requireNonNull(call, "executeSupplier: call must not be null");
        return this.<T, RuntimeException>timedCall(CallShape.SUPPLIER, call, null);
    }

    /**
     * Runs {@code call} through this breaker.
     *
     * @throws CallNotPermittedException if the breaker rejects the call (which then never runs)
     * @throws Exception what the call threw
     */
    public <T> T executeCallable(Callable<T> call) throws Exception {
        Objects.requireNonNull(call, "executeCallable: call must not be null");
        return this.<T, Exception>timedCall(CallShape.CALLABLE, call, null);
    }

    /**
     * Runs {@code call} through this breaker.
     *
     * @throws CallNotPermittedException if the breaker rejects the call (which then never runs)
     */
    public void executeRunnable(Runnable call) {
        Objects.requireNonNull(call, "executeRunnable: call must not be null");
        this.<Object, RuntimeException>timedCall(CallShape.RUNNABLE, call, null);
    }

    /**
     * Starts {@code call} through this breaker; see {@link #decorateCompletionStage(Supplier)}.
     * A rejection, or an exception thrown by the supplier itself, comes back as a failed stage;
     * only an {@link Error} thrown by the supplier propagates (after being recorded).
     */
    public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> call) {
        Objects.requireNonNull(call, "executeCompletionStage: call must not be null");
        BreakerState granted;
        try {
            granted = acquireOrThrow();
        } catch (CallNotPermittedException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        long start = time.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
            if (stage == null) {
                throw new NullPointerException("the call returned a null CompletionStage");
            }
        } catch (Throwable t) {
            long end = time.nanoTime();
            completeThrown(granted, end - start, end, t);
            if (t instanceof Error error) {
                throw error; // recorded (so no trial permit leaks), but an Error is not an outcome to hand back
            }
            return CompletableFuture.failedFuture(t);
        }
        return stage.whenComplete((result, error) -> {
            long end = time.nanoTime();
            if (error == null) {
                completeReturned(granted, end - start, end, result, true);
            } else {
                completeThrown(granted, end - start, end, Futures.unwrap(error));
            }
        });
    }

    /**
     * The one path behind every synchronous wrapper: take a permit (or throw
     * {@link CallNotPermittedException}), read the clock, run the call, read the clock again,
     * record the outcome into the state that granted the permit, then return the result or
     * rethrow what the call threw, unchanged. Allocation-free in CLOSED with no listener: the
     * call object is passed as it is and its {@link CallShape} says which method runs it.
     *
     * @param <X> the checked exception the public method declares ({@code Exception} for a
     *     Callable, {@code RuntimeException} where the call type declares none); the call's own
     *     exception is rethrown as it is, so this only tells the compiler what may come out
     */
    @SuppressWarnings("unchecked")
    private <T, X extends Throwable> T timedCall(CallShape shape, Object call, Object argument) throws X {
        BreakerState granted = acquireOrThrow();
        long start = time.nanoTime();
        Object result;
        try {
            result = shape.invoke(call, argument);
        } catch (Throwable t) {
            long end = time.nanoTime();
            completeThrown(granted, end - start, end, t);
            throw (X) t; // erased to Throwable: rethrows t itself, whatever it is
        }
        long end = time.nanoTime();
        completeReturned(granted, end - start, end, result, shape.hasResult);
        return (T) result;
    }

    /** The call types the synchronous wrappers accept, each with the one line that runs it. */
    private enum CallShape {
        SUPPLIER(true) {
            @Override
            Object invoke(Object call, Object argument) {
                return ((Supplier<?>) call).get();
            }
        },
        CHECKED_SUPPLIER(true) {
            @Override
            Object invoke(Object call, Object argument) throws Exception {
                return ((CheckedSupplier<?>) call).get();
            }
        },
        CALLABLE(true) {
            @Override
            Object invoke(Object call, Object argument) throws Exception {
                return ((Callable<?>) call).call();
            }
        },
        FUNCTION(true) {
            @Override
            @SuppressWarnings("unchecked")
            Object invoke(Object call, Object argument) {
                return ((Function<Object, ?>) call).apply(argument);
            }
        },
        RUNNABLE(false) {
            @Override
            Object invoke(Object call, Object argument) {
                ((Runnable) call).run();
                return null;
            }
        };

        /** Whether the call returns a value the result predicate should see. */
        final boolean hasResult;

        CallShape(boolean hasResult) {
            this.hasResult = hasResult;
        }

        abstract Object invoke(Object call, Object argument) throws Exception;
    }

    // ------------------------------------------------------------------ manual transitions

    /** Moves to CLOSED with an empty window. @return false if it already was CLOSED */
    public boolean transitionToClosedState() {
        return manualTransition(State.CLOSED);
    }

    /** Moves to OPEN (counted as a consecutive opening when coming from HALF_OPEN). @return false if already OPEN */
    public boolean transitionToOpenState() {
        return manualTransition(State.OPEN);
    }

    /** Moves to HALF_OPEN with a fresh set of trial permits. @return false if already HALF_OPEN */
    public boolean transitionToHalfOpenState() {
        return manualTransition(State.HALF_OPEN);
    }

    /** Moves to DISABLED. @return false if already DISABLED */
    public boolean transitionToDisabledState() {
        return manualTransition(State.DISABLED);
    }

    /** Moves to FORCED_OPEN. @return false if already FORCED_OPEN */
    public boolean transitionToForcedOpenState() {
        return manualTransition(State.FORCED_OPEN);
    }

    /** Moves to METRICS_ONLY with an empty window. @return false if already METRICS_ONLY */
    public boolean transitionToMetricsOnlyState() {
        return manualTransition(State.METRICS_ONLY);
    }

    /**
     * Back to CLOSED from any state, with an empty window, no consecutive openings and a zero
     * not-permitted count; publishes {@link CircuitBreakerEvent.Reset} (not a state transition).
     */
    public void reset() {
        while (true) {
            BreakerState current = state.get();
            ClosedState next = new ClosedState(this);
            long number = sequence.incrementAndGet(); // before the CAS, as in transition()
            if (state.compareAndSet(current, next)) {
                current.onExit();
                notPermitted.reset();
                if (events.hasListeners()) {
                    events.publish(new CircuitBreakerEvent.Reset(name, number, time.instant()));
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }

    // ------------------------------------------------------------------ internals

    private boolean manualTransition(State target) {
        while (true) {
            BreakerState current = state.get();
            if (current.state() == target) {
                return false;
            }
            BreakerState next = switch (target) {
                case CLOSED -> new ClosedState(this);
                case OPEN -> new OpenState(this, current instanceof HalfOpenState h ? h.openings + 1 : 1, current);
                case HALF_OPEN -> new HalfOpenState(this, current instanceof OpenState o ? o.openings : 0);
                case DISABLED -> new DisabledState(this);
                case FORCED_OPEN -> new ForcedOpenState(this);
                case METRICS_ONLY -> new MetricsOnlyState(this);
            };
            if (transition(current, next, SlidingWindow.BELOW_THRESHOLDS)) {
                return true;
            }
        }
    }

    private BreakerState acquireOrThrow() {
        while (true) {
            BreakerState current = state.get();
            Permit verdict = current.tryAcquire();
            if (verdict == Permit.PERMITTED) {
                return current;
            }
            if (verdict == Permit.REJECTED) {
                rejected(current);
                throw rejection(current.state());
            }
        }
    }

    /**
     * The exception for a rejection in {@code rejecting}: the shared immutable instance when
     * stackless (the default), a new one with its stack trace otherwise.
     */
    private CallNotPermittedException rejection(State rejecting) {
        if (writableStackTrace) {
            return new CallNotPermittedException(name, rejecting, true);
        }
        return sharedRejections[rejecting.ordinal()];
    }

    private void rejected(BreakerState current) {
        notPermitted.increment();
        if (events.hasListeners()) {
            events.publish(new CircuitBreakerEvent.NotPermitted(name, sequence.incrementAndGet(), time.instant(),
                    current.state()));
        }
    }

    private void completeThrown(BreakerState granted, long durationNanos, long nowNanos, Throwable error) {
        if (!granted.records()) {
            return;
        }
        if (ignoreException.test(error)) {
            granted.release();
            if (events.hasListeners()) {
                events.publish(new CircuitBreakerEvent.IgnoredError(name, sequence.incrementAndGet(), time.instant(),
                        Duration.ofNanos(durationNanos), error));
            }
            return;
        }
        boolean failed = recordException.test(error);
        if (events.hasListeners()) {
            Instant now = time.instant();
            Duration elapsed = Duration.ofNanos(durationNanos);
            long number = sequence.incrementAndGet();
            events.publish(failed ? new CircuitBreakerEvent.Error(name, number, now, elapsed, error)
                    : new CircuitBreakerEvent.Success(name, number, now, elapsed));
        }
        granted.record(failed, durationNanos > slowCallNanos, nowNanos);
    }

    private void completeReturned(BreakerState granted, long durationNanos, long nowNanos, Object result,
                                  boolean hasResult) {
        if (!granted.records()) {
            return;
        }
        boolean failed = hasResult && recordResult.test(result);
        if (events.hasListeners()) {
            Instant now = time.instant();
            Duration elapsed = Duration.ofNanos(durationNanos);
            long number = sequence.incrementAndGet();
            events.publish(failed ? new CircuitBreakerEvent.Error(name, number, now, elapsed, null)
                    : new CircuitBreakerEvent.Success(name, number, now, elapsed));
        }
        granted.record(failed, durationNanos > slowCallNanos, nowNanos);
    }

    /**
     * The only way the state changes (besides {@link #reset()}): a CAS from the state object
     * that decided, so each transition happens once and is published once, by the winner.
     */
    boolean transition(BreakerState from, BreakerState to, int exceeded) {
        // The numbers are taken before the CAS: a transition out of `to` can only start after this
        // CAS, so it draws higher numbers (see CircuitBreakerEvent#sequence). Transitions are rare.
        long numbers = sequence.getAndAdd(3);
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        from.onExit();
        to.onEnter();
        if (events.hasListeners()) {
            Instant now = time.instant();
            publishExceeded(exceeded, from.counts(), now, numbers + 1, numbers + 2);
            events.publish(new CircuitBreakerEvent.StateTransition(name, numbers + 3, now, from.state(), to.state()));
        }
        return true;
    }

    /** Whether {@code candidate} is the current state episode. */
    boolean isCurrent(BreakerState candidate) {
        return state.get() == candidate;
    }

    /** The scheduler for timed transitions, or null (they then happen on the next call). */
    Scheduler scheduler() {
        return scheduler;
    }

    /** Publishes the rate-exceeded events of a crossing that opened nothing (METRICS_ONLY). */
    void publishCrossing(int crossed, WindowCounts counts) {
        if (events.hasListeners()) {
            long numbers = sequence.getAndAdd(2);
            publishExceeded(crossed, counts, time.instant(), numbers + 1, numbers + 2);
        }
    }

    /** FailureRateExceeded and/or SlowCallRateExceeded for the bits set in {@code exceeded}. */
    private void publishExceeded(int exceeded, WindowCounts counts, Instant now, long failureNumber, long slowNumber) {
        if ((exceeded & SlidingWindow.FAILURE_RATE_EXCEEDED) != 0) {
            events.publish(new CircuitBreakerEvent.FailureRateExceeded(name, failureNumber, now, counts.failureRate(1)));
        }
        if ((exceeded & SlidingWindow.SLOW_CALL_RATE_EXCEEDED) != 0) {
            events.publish(new CircuitBreakerEvent.SlowCallRateExceeded(name, slowNumber, now, counts.slowCallRate(1)));
        }
    }

    /** A fresh, empty window as the config describes (for CLOSED and METRICS_ONLY). */
    SlidingWindow newWindow() {
        if (config.slidingWindowType() == SlidingWindowType.COUNT_BASED) {
            return new CountSlidingWindow(config.slidingWindowSize(), config.minimumNumberOfCalls(),
                    failureRateThreshold, slowCallRateThreshold);
        }
        return new TimeSlidingWindow(time, config.slidingWindowSize(), 1_000_000_000L,
                config.minimumNumberOfCalls(), failureRateThreshold, slowCallRateThreshold);
    }

    /** The open wait of the n-th consecutive opening: min(cap, wait * multiplier^(n-1)). */
    long openWaitNanos(int openings) {
        double multiplier = config.openWaitMultiplier();
        if (multiplier == 1.0 || openings <= 1) {
            return waitInOpenNanos;
        }
        double grown = waitInOpenNanos * Math.pow(multiplier, openings - 1);
        return grown >= maxWaitInOpenNanos ? maxWaitInOpenNanos : (long) grown;
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link CircuitBreaker}: a name, a config, and the services it runs on.
     *
     * <p>A builder is not threadsafe; the breaker it builds is.
     */
    public static final class Builder {
        private final String name;
        private CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
        private TimeSource timeSource = TimeSource.system();
        private Scheduler scheduler;

        /** @param method the public factory called, named in the null message */
        private Builder(String name, String method) {
            Objects.requireNonNull(name, method + ": name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
            }
            this.name = name;
        }

        /** The config; default {@link CircuitBreakerConfig#ofDefaults()}. */
        public Builder config(CircuitBreakerConfig config) {
            this.config = Objects.requireNonNull(config, "config: config must not be null");
            return this;
        }

        /** Where the breaker reads time; default {@link TimeSource#system()}. */
        public Builder timeSource(TimeSource timeSource) {
            this.timeSource = Objects.requireNonNull(timeSource, "timeSource: timeSource must not be null");
            return this;
        }

        /**
         * Runs the timed transitions: open → half-open when the config enables
         * {@code automaticTransitionToHalfOpen}, and half-open's max wait. Without a scheduler
         * both happen lazily, on the next call.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler: scheduler must not be null");
            return this;
        }

        /**
         * @throws IllegalArgumentException if the config asks for automatic transitions and no
         *     scheduler was given
         */
        public CircuitBreaker build() {
            if (config.automaticTransitionToHalfOpen() && scheduler == null) {
                throw new IllegalArgumentException("automaticTransitionToHalfOpen is enabled, so a scheduler is "
                        + "required, but none was given to circuit breaker '" + name + "'");
            }
            return new CircuitBreaker(this);
        }
    }
}
