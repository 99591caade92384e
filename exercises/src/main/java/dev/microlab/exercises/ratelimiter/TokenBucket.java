package dev.microlab.exercises.ratelimiter;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;

/**
 * Exercise 5, part 1: a token bucket. It holds at most {@code capacity} tokens, starts full, and
 * refills continuously at {@code capacity} tokens per {@code refillPeriod} (100 per minute: one
 * token every 600 ms). Each request takes a token; no token, no request.
 * Instructions: {@code exercises/instructions/05-rate-limiter/README.md}.
 *
 * <pre>{@code
 * TokenBucket perMinute = new TokenBucket(100, Duration.ofMinutes(1), TimeSource.system());
 * if (!perMinute.tryConsume()) respond429(perMinute.timeUntilAvailable());
 * }</pre>
 */
public final class TokenBucket {

    // TODO: the settings, the time source, the current level and when it was last refilled.

    /**
     * @param capacity     the most tokens the bucket holds, and how many it refills per period; at least 1
     * @param refillPeriod how long a full refill takes, positive
     * @param timeSource   where time is read
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public TokenBucket(long capacity, Duration refillPeriod, TimeSource timeSource) {
        throw new UnsupportedOperationException("TODO: validate, keep the settings, start full");
    }

    /** Takes one token if there is one. */
    public boolean tryConsume() {
        throw new UnsupportedOperationException("TODO: refill, then take a token if there is a whole one");
    }

    /** Whole tokens in the bucket now. */
    public long availableTokens() {
        throw new UnsupportedOperationException("TODO: refill, then count the whole tokens");
    }

    /** How long until a token is available: zero if one is available now. */
    public Duration timeUntilAvailable() {
        throw new UnsupportedOperationException("TODO: refill, then the time the missing part of a token takes");
    }
}
