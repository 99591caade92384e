package dev.microlab.circuitbreaker.internal;

/**
 * Totals of a window or of the half-open trial calls at one moment.
 *
 * @param calls recorded calls
 * @param failed of which failed
 * @param slow of which slow (failed or not)
 */
public record WindowCounts(long calls, long failed, long slow) {

    /** No calls. */
    public static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

    /** Clamps transient readings (see the windows' precision notes) into a consistent triple. */
    public static WindowCounts clamped(long calls, long failed, long slow) {
        long c = Math.max(0, calls);
        return new WindowCounts(c, Math.min(c, Math.max(0, failed)), Math.min(c, Math.max(0, slow)));
    }

    /** Failure rate in percent, or -1 if fewer than {@code minimumCalls} calls. */
    public float failureRate(int minimumCalls) {
        return calls < minimumCalls || calls == 0 ? -1f : failed * 100f / calls;
    }

    /** Slow-call rate in percent, or -1 if fewer than {@code minimumCalls} calls. */
    public float slowCallRate(int minimumCalls) {
        return calls < minimumCalls || calls == 0 ? -1f : slow * 100f / calls;
    }
}
