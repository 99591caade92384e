package dev.microlab.core.ratelimiter;

/**
 * Thrown (or used to fail a stage) when a {@link RateLimiter} has no permit for a call within
 * its {@code maxWait}. The call did not run.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class RequestNotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rateLimiterName;
    private final int permits;

    /**
     * @param rateLimiterName the rate limiter that refused the call
     * @param permits how many permits the call asked for
     */
    public RequestNotPermittedException(String rateLimiterName, int permits) {
        super("Rate limiter '" + rateLimiterName + "' does not permit " + permits
                + (permits == 1 ? " more call" : " more calls") + " now");
        this.rateLimiterName = rateLimiterName;
        this.permits = permits;
    }

    /** The name of the rate limiter that refused the call. */
    public String rateLimiterName() {
        return rateLimiterName;
    }

    /** How many permits the refused call asked for. */
    public int permits() {
        return permits;
    }
}
