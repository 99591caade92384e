package dev.microlab.core.timeout;

import java.time.Duration;

/**
 * Thrown (or used to fail a stage) when a call guarded by a {@link TimeLimiter} did not finish
 * within its timeout. The call may still be running unless it was cancelled
 * ({@code cancelRunningFuture}).
 *
 * <p>This class is threadsafe (immutable).
 */
public final class TimeoutExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String timeLimiterName;
    private final Duration timeout;

    /**
     * @param timeLimiterName the time limiter whose timeout passed
     * @param timeout that timeout
     */
    public TimeoutExceededException(String timeLimiterName, Duration timeout) {
        super("Time limiter '" + timeLimiterName + "': the call did not complete within " + timeout);
        this.timeLimiterName = timeLimiterName;
        this.timeout = timeout;
    }

    /** The name of the time limiter whose timeout passed. */
    public String timeLimiterName() {
        return timeLimiterName;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
