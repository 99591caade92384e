package dev.microlab.circuitbreaker;

/**
 * A snapshot of what a {@link CircuitBreaker} currently knows.
 *
 * <p>The counts are those of the current state's window: in CLOSED and METRICS_ONLY the sliding
 * window; in OPEN the window that made it open (late outcomes of calls admitted before it opened
 * still land there); in HALF_OPEN the trial calls; in DISABLED and FORCED_OPEN nothing.
 * {@code notPermittedCalls} counts every rejection since the breaker was built or last reset.
 *
 * <pre>{@code
 * CircuitBreakerMetrics m = breaker.metrics();
 * log.info("{}: {} % failures over {} calls", m.state(), m.failureRate(), m.bufferedCalls());
 * }</pre>
 *
 * @param state the state when the snapshot was taken
 * @param failureRate failure rate in percent, or -1 while fewer calls than needed were recorded
 *     (minimumNumberOfCalls in CLOSED; one trial call in HALF_OPEN)
 * @param slowCallRate slow-call rate in percent, or -1 likewise
 * @param bufferedCalls calls recorded in the window
 * @param failedCalls of which failed
 * @param slowCalls of which slow (failed or not)
 * @param notPermittedCalls calls rejected since creation or the last reset
 */
public record CircuitBreakerMetrics(CircuitBreaker.State state, float failureRate, float slowCallRate,
                                    long bufferedCalls, long failedCalls, long slowCalls, long notPermittedCalls) {

    /** Calls in the window that did not fail. */
    public long successfulCalls() {
        return bufferedCalls - failedCalls;
    }
}
