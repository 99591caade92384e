package dev.microlab.exercises.circuitbreaker;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Exercise 1: a circuit breaker that stops calling a service that keeps failing, waits, then
 * tries again carefully.
 *
 * <ul>
 *   <li>CLOSED: calls go through. {@code failureThreshold} failures in a row open the circuit
 *       (a success in between starts the count again).</li>
 *   <li>OPEN: calls are rejected with {@link CircuitBreakerOpenException} without calling the
 *       operation, until {@code openTimeout} has passed since the circuit opened
 *       ({@link #shouldAttemptReset()}); then the next call is a trial and the state is HALF_OPEN.</li>
 *   <li>HALF_OPEN: {@code successThreshold} successes in a row close the circuit; a failure
 *       opens it again and the open timeout starts over.</li>
 * </ul>
 *
 * <pre>{@code
 * CircuitBreaker breaker = new CircuitBreaker(5, Duration.ofSeconds(60), 3, TimeSource.system());
 * String user = breaker.call(() -> client.getUser("42"));
 * }</pre>
 *
 * <p>This class is threadsafe: its bookkeeping is synchronized; the operation runs outside the lock.
 */
public final class CircuitBreaker {

    private final int failureThreshold;
    private final Duration openTimeout;
    private final int successThreshold;
    private final TimeSource timeSource;

    private CircuitState state = CircuitState.CLOSED;
    private int failureCount;
    private int successCount;
    private long openedAtNanos;

    /**
     * @param failureThreshold consecutive failures that open the circuit, at least 1
     * @param openTimeout      how long the circuit stays open before a trial call, positive
     * @param successThreshold consecutive successes in half-open that close the circuit, at least 1
     * @param timeSource       where time is read
     * @throws IllegalArgumentException if a number is out of range, naming it
     * @throws NullPointerException if {@code openTimeout} or {@code timeSource} is null
     */
    public CircuitBreaker(int failureThreshold, Duration openTimeout, int successThreshold, TimeSource timeSource) {
        Objects.requireNonNull(openTimeout, "openTimeout must not be null");
        Objects.requireNonNull(timeSource, "timeSource must not be null");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1, but was " + failureThreshold);
        }
        if (openTimeout.isZero() || openTimeout.isNegative()) {
            throw new IllegalArgumentException("openTimeout must be positive, but was " + openTimeout);
        }
        if (successThreshold < 1) {
            throw new IllegalArgumentException("successThreshold must be >= 1, but was " + successThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openTimeout = openTimeout;
        this.successThreshold = successThreshold;
        this.timeSource = timeSource;
    }

    /**
     * Calls {@code operation} through the breaker.
     *
     * @return what the operation returned
     * @throws CircuitBreakerOpenException if the circuit is open and the open timeout has not passed;
     *                                     the operation is then not called
     * @throws Exception                   what the operation threw, unchanged
     */
    public <T> T call(CheckedSupplier<T> operation) throws Exception {
        Objects.requireNonNull(operation, "operation must not be null");
        acquirePermission();
        T result;
        try {
            result = operation.get();
        } catch (Exception e) {
            onFailure();
            throw e;
        }
        onSuccess();
        return result;
    }

    /** Whether the circuit is open and its open timeout has passed, so a trial call may go through. */
    public synchronized boolean shouldAttemptReset() {
        return state == CircuitState.OPEN && timeSource.nanoTime() - openedAtNanos >= openTimeout.toNanos();
    }

    /** The current state. */
    public synchronized CircuitState state() {
        return state;
    }

    private synchronized void acquirePermission() {
        if (state != CircuitState.OPEN) {
            return;
        }
        if (shouldAttemptReset()) {
            state = CircuitState.HALF_OPEN;
            successCount = 0;
            return;
        }
        long waited = timeSource.nanoTime() - openedAtNanos;
        throw new CircuitBreakerOpenException(openTimeout.minusNanos(waited));
    }

    private synchronized void onSuccess() {
        if (state == CircuitState.HALF_OPEN) {
            successCount++;
            if (successCount >= successThreshold) {
                state = CircuitState.CLOSED;
                failureCount = 0;
            }
        } else {
            failureCount = 0;
        }
    }

    private synchronized void onFailure() {
        if (state == CircuitState.HALF_OPEN) {
            open();
            return;
        }
        failureCount++;
        if (failureCount >= failureThreshold) {
            open();
        }
    }

    private void open() {
        state = CircuitState.OPEN;
        openedAtNanos = timeSource.nanoTime();
        failureCount = 0;
        successCount = 0;
    }
}
