package dev.microlab.exercises.circuitbreaker;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by {@link CircuitBreaker#call} instead of calling the operation while the circuit is open.
 */
public final class CircuitBreakerOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** @param retryAfter how long until the breaker lets a trial call through */
    public CircuitBreakerOpenException(Duration retryAfter) {
        super("circuit breaker is open; a trial call is allowed in " + retryAfter);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    }

    /** How long until the open timeout is over and a trial call is let through. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
