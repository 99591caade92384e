package dev.microlab.core.ratelimiter;

import java.time.Duration;

/**
 * What a {@link RateLimiter} did with a request for permits, published through
 * {@link RateLimiter#events()}.
 *
 * <pre>{@code
 * limiter.events().subscribe(event -> {
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
}
