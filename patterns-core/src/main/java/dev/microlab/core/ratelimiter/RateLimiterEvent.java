package dev.microlab.core.ratelimiter;

import java.time.Duration;

/**
 * What a {@link RateLimiter} did with a request for permits, published through
 * {@link RateLimiter#eventPublisher()}.
 *
 * <pre>{@code
 * limiter.eventPublisher().subscribe(event -> {
 *     if (event instanceof RateLimiterEvent.Rejected rejected) {
 *         log.warn("{} rejected a request for {} permits", rejected.rateLimiterName(), rejected.permits());
 *     }
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface RateLimiterEvent {

    /** The rate limiter that published the event. */
    String rateLimiterName();

    /**
     * {@code permits} were granted; the caller waits {@code waitTime} for them first
     * ({@link Duration#ZERO} when they were available at once).
     */
    record Permitted(String rateLimiterName, int permits, Duration waitTime) implements RateLimiterEvent {
    }

    /** {@code permits} were refused; the caller did not wait. */
    record Rejected(String rateLimiterName, int permits) implements RateLimiterEvent {
    }

    /**
     * The limit was changed at run time ({@link RateLimiter#changeLimitForPeriod}). Listeners may
     * receive racing changes out of order; {@code sequence} numbers this limiter's state changes
     * (limit changes and drains) 1, 2, 3, … in the order they took effect, so sorting by it gives
     * the linear history.
     *
     * @param sequence this limiter's state-change number, strictly increasing from 1
     * @param oldPermitsPerPeriod the rate before the change
     * @param newPermitsPerPeriod the rate after it
     * @param period the refill period (unchanged)
     * @param burstCapacity the bucket's size after the change
     */
    record LimitChanged(String rateLimiterName, long sequence, int oldPermitsPerPeriod, int newPermitsPerPeriod,
                        Duration period, int burstCapacity) implements RateLimiterEvent {
    }

    /**
     * {@link RateLimiter#drainPermissions()} took the {@code permits} that were available.
     *
     * @param sequence this limiter's state-change number; see {@link LimitChanged}
     */
    record Drained(String rateLimiterName, long sequence, int permits) implements RateLimiterEvent {
    }
}
