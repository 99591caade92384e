package dev.microlab.circuitbreaker;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link CircuitBreaker} reports to its listeners. A closed family of records.
 *
 * <pre>{@code
 * breaker.subscribe(event -> {
 *     if (event instanceof CircuitBreakerEvent.StateTransition t) {
 *         log.warn("breaker {} went {} -> {}", t.breakerName(), t.from(), t.to());
 *     }
 * });
 * }</pre>
 *
 * <p>Events are created only when somebody listens, and delivered on the thread that caused
 * them, outside any lock. Each state transition is published exactly once, by the thread whose
 * compare-and-set made it; when two transitions race (e.g. a scheduler thread and a caller),
 * their events may reach listeners in either order.
 *
 * <p>All implementations are immutable records, so this type is threadsafe.
 */
public sealed interface CircuitBreakerEvent {

    /** The breaker that published the event. */
    String breakerName();

    /** When, by the breaker's time source's wall clock. */
    Instant time();

    /** The breaker changed state (automatically or by a manual transition). */
    record StateTransition(String breakerName, Instant time, CircuitBreaker.State from, CircuitBreaker.State to)
            implements CircuitBreakerEvent {
    }

    /** A call completed and was recorded as a success. */
    record Success(String breakerName, Instant time, Duration elapsed) implements CircuitBreakerEvent {
    }

    /**
     * A call was recorded as a failure: it threw a recorded exception ({@code error} non-null),
     * or returned a result that the result predicate marks as failure ({@code error} null).
     */
    record Error(String breakerName, Instant time, Duration elapsed, Throwable error) implements CircuitBreakerEvent {
    }

    /** A call threw an ignored exception; it counts nowhere and its permit was released. */
    record IgnoredError(String breakerName, Instant time, Duration elapsed, Throwable error)
            implements CircuitBreakerEvent {
    }

    /** A call was rejected without running. */
    record NotPermitted(String breakerName, Instant time, CircuitBreaker.State state) implements CircuitBreakerEvent {
    }

    /**
     * The failure rate reached its threshold; published just before the breaker opens, or, in
     * METRICS_ONLY, once each time the rate crosses the threshold from below.
     */
    record FailureRateExceeded(String breakerName, Instant time, float failureRate) implements CircuitBreakerEvent {
    }

    /**
     * The slow-call rate reached its threshold; published just before the breaker opens, or, in
     * METRICS_ONLY, once each time the rate crosses the threshold from below.
     */
    record SlowCallRateExceeded(String breakerName, Instant time, float slowCallRate) implements CircuitBreakerEvent {
    }

    /** The breaker was reset: closed, with empty metrics. */
    record Reset(String breakerName, Instant time) implements CircuitBreakerEvent {
    }
}
