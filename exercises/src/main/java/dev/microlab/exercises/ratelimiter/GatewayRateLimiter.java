package dev.microlab.exercises.ratelimiter;

import dev.microlab.core.time.TimeSource;

/**
 * Exercise 5, part 2: the course's API-gateway limits — {@code minute: 100, hour: 1000} — for
 * each consumer, both at once, with a token bucket for each limit.
 * Instructions: {@code exercises/instructions/05-rate-limiter/README.md}.
 *
 * <p>A request is allowed only if <em>both</em> buckets of its consumer have a token; it then
 * takes one from each. A refused request takes nothing from either bucket. Its
 * {@code retryAfter} is the time until both have a token again.
 *
 * <pre>{@code
 * GatewayRateLimiter limiter = new GatewayRateLimiter(100, 1000, TimeSource.system());
 * RateLimitDecision decision = limiter.tryAcquire(apiKey);
 * if (!decision.allowed()) respond429(decision.retryAfter());
 * }</pre>
 */
public final class GatewayRateLimiter {

    /**
     * @param perMinute  requests per minute per consumer, at least 1
     * @param perHour    requests per hour per consumer, at least 1
     * @param timeSource where time is read
     * @throws IllegalArgumentException naming the limit that is out of range
     */
    public GatewayRateLimiter(long perMinute, long perHour, TimeSource timeSource) {
        throw new UnsupportedOperationException("TODO: validate and keep the limits");
    }

    /** Decides one request of {@code consumer}. */
    public RateLimitDecision tryAcquire(String consumer) {
        throw new UnsupportedOperationException("TODO: the consumer's two buckets; allow only if both have a token");
    }
}
