package dev.microlab.benchmarks.baseline;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * BASELINE ONLY: the circuit breaker of popular teaching code (and of the course chapter's
 * Python sketch), made thread-safe the simplest way, with {@code synchronized}.
 *
 * <p>It counts consecutive failures; at {@code failureThreshold} it opens; after
 * {@code timeout} the next call is let through (half-open) and its outcome closes or re-opens
 * the breaker. Every call takes the monitor twice (before, to check the state; after, to
 * record the outcome), so threads contend on every call. The supplier itself runs outside
 * the lock: holding a lock across a remote call would be a bug, not a baseline.
 *
 * <p>Known flaws kept on purpose, because they are what the baseline stands for: half-open
 * admits every call that arrives while the trial is running, and a single success resets
 * the failure count.
 *
 * <pre>{@code
 * SynchronizedCircuitBreaker breaker =
 *         new SynchronizedCircuitBreaker(5, Duration.ofSeconds(60), TimeSource.system());
 * String answer = breaker.call(() -> client.get("/users/42"));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class SynchronizedCircuitBreaker {

    /** The states of the teaching breaker. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long timeoutNanos;
    private final TimeSource time;

    private State state = State.CLOSED;
    private int failureCount;
    private long lastFailureNanos;

    /**
     * A closed breaker.
     *
     * @throws IllegalArgumentException if {@code failureThreshold < 1} or {@code timeout} is negative
     */
    public SynchronizedCircuitBreaker(int failureThreshold, Duration timeout, TimeSource time) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException(
                    "failureThreshold must be in [1, " + Integer.MAX_VALUE + "], but was " + failureThreshold);
        }
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, but was " + timeout);
        }
        this.failureThreshold = failureThreshold;
        this.timeoutNanos = timeout.toNanos();
        this.time = Objects.requireNonNull(time, "time must not be null");
    }

    /**
     * Runs {@code supplier} unless the breaker is open.
     *
     * @throws CircuitOpenException if the breaker is open and its timeout has not passed
     * @throws RuntimeException whatever {@code supplier} throws, after recording the failure
     */
    public <T> T call(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        beforeCall();
        T result;
        try {
            result = supplier.get();
        } catch (RuntimeException e) {
            onFailure();
            throw e;
        }
        onSuccess();
        return result;
    }

    /** Opens the breaker now, as if the failure threshold had just been reached. */
    public synchronized void open() {
        state = State.OPEN;
        failureCount = failureThreshold;
        lastFailureNanos = time.nanoTime();
    }

    /** The current state. */
    public synchronized State state() {
        return state;
    }

    private synchronized void beforeCall() {
        if (state == State.OPEN) {
            if (time.nanoTime() - lastFailureNanos >= timeoutNanos) {
                state = State.HALF_OPEN;
            } else {
                throw new CircuitOpenException("Circuit breaker is open");
            }
        }
    }

    private synchronized void onSuccess() {
        failureCount = 0;
        state = State.CLOSED;
    }

    private synchronized void onFailure() {
        failureCount++;
        lastFailureNanos = time.nanoTime();
        if (failureCount >= failureThreshold) {
            state = State.OPEN;
        }
    }

    /** Thrown by {@link SynchronizedCircuitBreaker#call} while the breaker is open. */
    public static final class CircuitOpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CircuitOpenException(String message) {
            super(message);
        }
    }
}
