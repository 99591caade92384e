package dev.microlab.core.timeout;

import java.time.Duration;

/**
 * How a call guarded by a {@link TimeLimiter} ended, published through
 * {@link TimeLimiter#eventPublisher()}.
 *
 * <pre>{@code
 * limiter.eventPublisher().subscribe(event -> {
 *     if (event instanceof TimeLimiterEvent.TimedOut timedOut) {
 *         log.warn("{} gave up after {}", timedOut.timeLimiterName(), timedOut.timeout());
 *     }
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface TimeLimiterEvent {

    /** The time limiter that published the event. */
    String timeLimiterName();

    /** The call completed with a result within the timeout. */
    record Succeeded(String timeLimiterName) implements TimeLimiterEvent {
    }

    /** The call failed with {@code cause} within the timeout. */
    record Failed(String timeLimiterName, Throwable cause) implements TimeLimiterEvent {
    }

    /** The timeout passed first; {@code cancelled} says whether the call was cancelled. */
    record TimedOut(String timeLimiterName, Duration timeout, boolean cancelled) implements TimeLimiterEvent {
    }

    /**
     * The timeout was changed at run time ({@link TimeLimiter#changeTimeout}); it applies to calls
     * started afterwards. {@code sequence} numbers this time limiter's changes 1, 2, 3, … in the
     * order they took effect, so listeners can order changes they receive out of order.
     */
    record TimeoutChanged(String timeLimiterName, long sequence, Duration oldTimeout, Duration newTimeout)
            implements TimeLimiterEvent {
    }
}
