package dev.microlab.circuitbreaker;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link CircuitBreaker} reports to its listeners. A closed family of records.
 *
 * <pre>{@code
 * breaker.eventPublisher().subscribe(event -> {
 *     if (event instanceof CircuitBreakerEvent.StateTransition t) {
 *         log.warn("breaker {} went {} -> {}", t.breakerName(), t.from(), t.to());
 *     }
 * });
 * }</pre>
 *
 * <p>Events are created only when somebody listens, and delivered on the thread that caused
 * them, outside any lock. Each state transition is published exactly once, by the thread whose
 * compare-and-set made it; when two transitions race (e.g. a scheduler thread and a caller), or
 * a listener causes a transition while it handles one, their events may reach listeners in
 * either order.
 *
 * <h2>A linear history: {@link #sequence()}</h2>
 * Every event carries a number from one counter per breaker, strictly increasing in the order
 * things happened to the breaker: a transition takes its numbers <em>before</em> its
 * compare-and-set, so a later transition (one whose {@code from} is an earlier one's
 * {@code to}) always has the higher number, and the rate-exceeded events that caused it come
 * just before it. An outcome or rejection event is numbered when it is published, so one that
 * raced a transition may be numbered after it (its {@code state} or timing then tells which
 * episode it belonged to); the order among transitions is exact. Numbers may skip (a transition that lost a race took numbers it never used,
 * and numbers are only drawn while somebody listens), so they order events but do not count
 * them. To rebuild the history, sort what you received by {@code sequence()}; to track the
 * current state, keep the {@link StateTransition} with the highest sequence and drop any that
 * arrives with a lower one:
 *
 * <pre>{@code
 * AtomicReference<StateTransition> latest = new AtomicReference<>();
 * breaker.eventPublisher().subscribe(event -> {
 *     if (event instanceof StateTransition t) {
 *         latest.accumulateAndGet(t, (a, b) -> a == null || b.sequence() > a.sequence() ? b : a);
 *     }
 * });
 * }</pre>
 *
 * <p>All implementations are immutable records, so this type is threadsafe.
 */
public sealed interface CircuitBreakerEvent {

    /** The breaker that published the event. */
    String breakerName();

    /**
     * This event's place in the breaker's history: strictly increasing per breaker, in the order
     * the breaker changed (see the class comment); may skip numbers.
     */
    long sequence();

    /** When, by the breaker's time source's wall clock. */
    Instant time();

    /** The breaker changed state (automatically or by a manual transition). */
    record StateTransition(String breakerName, long sequence, Instant time, CircuitBreaker.State from, CircuitBreaker.State to)
            implements CircuitBreakerEvent {
    }

    /** A call completed and was recorded as a success. */
    record Success(String breakerName, long sequence, Instant time, Duration elapsed) implements CircuitBreakerEvent {
    }

    /**
     * A call was recorded as a failure: it threw a recorded exception ({@code error} non-null),
     * or returned a result that the result predicate marks as failure ({@code error} null).
     */
    record Error(String breakerName, long sequence, Instant time, Duration elapsed, Throwable error) implements CircuitBreakerEvent {
    }

    /** A call threw an ignored exception; it counts nowhere and its permit was released. */
    record IgnoredError(String breakerName, long sequence, Instant time, Duration elapsed, Throwable error)
            implements CircuitBreakerEvent {
    }

    /** A call was rejected without running. */
    record NotPermitted(String breakerName, long sequence, Instant time, CircuitBreaker.State state) implements CircuitBreakerEvent {
    }

    /**
     * The failure rate reached its threshold; published just before the breaker opens, or, in
     * METRICS_ONLY, once each time the rate crosses the threshold from below.
     */
    record FailureRateExceeded(String breakerName, long sequence, Instant time, float failureRate) implements CircuitBreakerEvent {
    }

    /**
     * The slow-call rate reached its threshold; published just before the breaker opens, or, in
     * METRICS_ONLY, once each time the rate crosses the threshold from below.
     */
    record SlowCallRateExceeded(String breakerName, long sequence, Instant time, float slowCallRate) implements CircuitBreakerEvent {
    }

    /** The breaker was reset: closed, with empty metrics. */
    record Reset(String breakerName, long sequence, Instant time) implements CircuitBreakerEvent {
    }
}
