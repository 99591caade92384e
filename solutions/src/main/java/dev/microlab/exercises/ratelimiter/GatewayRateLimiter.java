package dev.microlab.exercises.ratelimiter;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exercise 5, part 2: the course's API-gateway limits — {@code minute: 100, hour: 1000} — for
 * each consumer, both at once, with a token bucket for each limit.
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
 *
 * <p>This class is threadsafe.
 */
public final class GatewayRateLimiter {

    private final long perMinute;
    private final long perHour;
    private final TimeSource timeSource;
    private final Map<String, TokenBucket[]> buckets = new HashMap<>();

    /**
     * @param perMinute  requests per minute per consumer, at least 1
     * @param perHour    requests per hour per consumer, at least 1
     * @param timeSource where time is read
     * @throws IllegalArgumentException naming the limit that is out of range
     */
    public GatewayRateLimiter(long perMinute, long perHour, TimeSource timeSource) {
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be >= 1, but was " + perMinute);
        }
        if (perHour < 1) {
            throw new IllegalArgumentException("perHour must be >= 1, but was " + perHour);
        }
        this.perMinute = perMinute;
        this.perHour = perHour;
    }

    /** Decides one request of {@code consumer}. */
    public synchronized RateLimitDecision tryAcquire(String consumer) {
        Objects.requireNonNull(consumer, "consumer must not be null");
        TokenBucket[] pair = buckets.computeIfAbsent(consumer, c -> new TokenBucket[] {
            new TokenBucket(perMinute, Duration.ofMinutes(1), timeSource),
            new TokenBucket(perHour, Duration.ofHours(1), timeSource)});
        TokenBucket minute = pair[0];
        TokenBucket hour = pair[1];
        // Look before taking: a request refused by one limit must not use up the other.
        if (minute.availableTokens() >= 1 && hour.availableTokens() >= 1) {
            minute.tryConsume();
            hour.tryConsume();
            return new RateLimitDecision(true, Duration.ZERO, minute.availableTokens(), hour.availableTokens());
        }
        Duration wait = max(minute.timeUntilAvailable(), hour.timeUntilAvailable());
        return new RateLimitDecision(false, wait, minute.availableTokens(), hour.availableTokens());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
