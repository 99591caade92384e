package dev.microlab.exercises.ratelimiter;

import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Exercise 5, part 1: a token bucket. It holds at most {@code capacity} tokens, starts full, and
 * refills continuously at {@code capacity} tokens per {@code refillPeriod} (100 per minute: one
 * token every 600 ms). Each request takes a token; no token, no request.
 *
 * <p>Exact arithmetic: the level is kept in units of {@code 1 / refillPeriodNanos} of a token,
 * so every elapsed nanosecond adds exactly {@code capacity} units and no fraction is ever lost.
 *
 * <pre>{@code
 * TokenBucket perMinute = new TokenBucket(100, Duration.ofMinutes(1), TimeSource.system());
 * if (!perMinute.tryConsume()) respond429(perMinute.timeUntilAvailable());
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class TokenBucket {

    private final long capacity;
    private final long periodNanos;
    private final long fullLevel;
    private final TimeSource timeSource;
    private long level;
    private long lastRefillNanos;

    /**
     * @param capacity     the most tokens the bucket holds, and how many it refills per period; at least 1
     * @param refillPeriod how long a full refill takes, positive
     * @param timeSource   where time is read
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public TokenBucket(long capacity, Duration refillPeriod, TimeSource timeSource) {
        Objects.requireNonNull(refillPeriod, "refillPeriod must not be null");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, but was " + capacity);
        }
        if (refillPeriod.isZero() || refillPeriod.isNegative()) {
            throw new IllegalArgumentException("refillPeriod must be positive, but was " + refillPeriod);
        }
        this.capacity = capacity;
        this.periodNanos = refillPeriod.toNanos();
        this.fullLevel = Math.multiplyExact(capacity, periodNanos);
        this.level = fullLevel;
        this.lastRefillNanos = timeSource.nanoTime();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryConsume() {
        refill();
        if (level < periodNanos) {
            return false;
        }
        level -= periodNanos;
        return true;
    }

    /** Whole tokens in the bucket now. */
    public synchronized long availableTokens() {
        refill();
        return level / periodNanos;
    }

    /** How long until a token is available: zero if one is available now. */
    public synchronized Duration timeUntilAvailable() {
        refill();
        long missing = Math.max(0, periodNanos - level);
        return Duration.ofNanos((missing + capacity - 1) / capacity); // rounded up: never too early
    }

    private void refill() {
        long now = timeSource.nanoTime();
        long elapsed = Math.min(now - lastRefillNanos, periodNanos); // a full period fills the bucket
        lastRefillNanos = now;
        level = Math.min(fullLevel, level + elapsed * capacity);
    }
}
