package dev.microlab.exercises.circuitbreaker;

import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;

/**
 * Exercise 1: a circuit breaker that stops calling a service that keeps failing, waits, then
 * tries again carefully. Instructions: {@code exercises/instructions/01-circuit-breaker/README.md}.
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
 */
public final class CircuitBreaker {

    // TODO: the fields you need: the three settings, the time source, the state, the counters
    //       and the moment the circuit opened (a timeSource.nanoTime() reading).

    /**
     * @param failureThreshold consecutive failures that open the circuit, at least 1
     * @param openTimeout      how long the circuit stays open before a trial call, positive
     * @param successThreshold consecutive successes in half-open that close the circuit, at least 1
     * @param timeSource       where time is read
     * @throws IllegalArgumentException if a number is out of range, naming it
     * @throws NullPointerException if {@code openTimeout} or {@code timeSource} is null
     */
    public CircuitBreaker(int failureThreshold, Duration openTimeout, int successThreshold, TimeSource timeSource) {
        throw new UnsupportedOperationException("TODO: validate the settings, keep them, start CLOSED");
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
        throw new UnsupportedOperationException("TODO: reject while open, else call the operation and record the outcome");
    }

    /** Whether the circuit is open and its open timeout has passed, so a trial call may go through. */
    public boolean shouldAttemptReset() {
        throw new UnsupportedOperationException("TODO: OPEN and at least openTimeout since it opened");
    }

    /** The current state. */
    public CircuitState state() {
        throw new UnsupportedOperationException("TODO: return the current state");
    }
}
