package dev.microlab.exercises.ratelimiter;

import java.time.Duration;

/**
 * The gateway's answer to one request: let it through or not, and what a client is told in the
 * {@code Retry-After} and {@code X-RateLimit-Remaining-Minute/Hour} response headers.
 *
 * @param allowed            whether the request may go through
 * @param retryAfter         when refused, how long until it would be allowed; zero when allowed
 * @param remainingPerMinute whole requests left in the per-minute bucket, after this one
 * @param remainingPerHour   whole requests left in the per-hour bucket, after this one
 */
public record RateLimitDecision(boolean allowed, Duration retryAfter, long remainingPerMinute, long remainingPerHour) {
}
