package dev.microlab.circuitbreaker.internal;

/**
 * The closed state's memory of recent outcomes, and the rule that decides when it has seen too
 * many failures or slow calls.
 *
 * <p>{@link #record} is the hot path of a closed breaker: implementations take no lock and
 * allocate nothing per call. This type is internal; the public view is
 * {@code CircuitBreakerMetrics}.
 */
public interface SlidingWindow {

    /** {@link #record} result: the rates are below their thresholds (or too few calls). */
    int BELOW_THRESHOLDS = 0;
    /** {@link #record} result bit: the failure rate is at or above its threshold. */
    int FAILURE_RATE_EXCEEDED = 1;
    /** {@link #record} result bit: the slow-call rate is at or above its threshold. */
    int SLOW_CALL_RATE_EXCEEDED = 2;
    /**
     * {@link #record} result: this outcome left the totals exactly as they were (e.g. a success
     * replacing a success), so the verdict on them is the one the record that produced them
     * already returned; callers act only on positive results.
     */
    int UNCHANGED = -1;

    /**
     * Records one outcome and evaluates the thresholds on the totals it produced.
     *
     * @param nowNanos the time source's reading when the call ended (the caller has it already;
     *     a time window needs it, a count window ignores it)
     * @return {@link #BELOW_THRESHOLDS}, a combination of the exceeded bits, or {@link #UNCHANGED}
     */
    int record(boolean failed, boolean slow, long nowNanos);

    /** Whether {@link #record} reads its {@code nowNanos} (a time window does; a count window not). */
    boolean needsTime();

    /** The totals now (each total read atomically; see the implementation for precision). */
    WindowCounts counts();

    /**
     * The threshold rule shared by every window: rates are evaluated only from
     * {@code minimumCalls} recorded calls on, and a rate at or above its threshold trips.
     */
    static int evaluate(long calls, long failed, long slow, int minimumCalls,
                        float failureRateThreshold, float slowCallRateThreshold) {
        if (calls < minimumCalls || calls <= 0) {
            return BELOW_THRESHOLDS;
        }
        int verdict = BELOW_THRESHOLDS;
        if (failed * 100f / calls >= failureRateThreshold) {
            verdict |= FAILURE_RATE_EXCEEDED;
        }
        if (slow * 100f / calls >= slowCallRateThreshold) {
            verdict |= SLOW_CALL_RATE_EXCEEDED;
        }
        return verdict;
    }
}
