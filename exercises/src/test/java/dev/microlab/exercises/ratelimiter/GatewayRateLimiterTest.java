package dev.microlab.exercises.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rate-limiter")
@DisplayName("Exercise 5 · Rate limiter · gateway limits")
class GatewayRateLimiterTest {

    private final ManualTimeSource time = new ManualTimeSource();

    /** Small limits that are easy to follow: 5 per minute (one every 12 s), 8 per hour (one every 450 s). */
    private GatewayRateLimiter small() {
        return new GatewayRateLimiter(5, 8, time);
    }

    private static int allowed(GatewayRateLimiter limiter, String consumer, int requests) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.tryAcquire(consumer).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    @DisplayName("gateway: the course's limits (100 per minute, 1000 per hour) allow a burst of 100, then say retry in 600 ms")
    void courseLimits() {
        // Given
        GatewayRateLimiter limiter = new GatewayRateLimiter(100, 1000, time);

        // When
        int allowed = allowed(limiter, "mobile-app", 100);
        RateLimitDecision refused = limiter.tryAcquire("mobile-app");

        // Then
        assertThat(allowed).as("100 requests at once fit in the per-minute limit").isEqualTo(100);
        assertThat(refused.allowed()).as("the 101st in the same instant is refused").isFalse();
        assertThat(refused.retryAfter()).as("the per-minute bucket has a token again in 60 s / 100 = 600 ms")
                .isEqualTo(Duration.ofMillis(600));
    }

    @Test
    @DisplayName("gateway: an allowed request says how many are left in each limit")
    void reportsRemaining() {
        // When
        RateLimitDecision first = small().tryAcquire("alice");

        // Then
        assertThat(first.allowed()).as("the first request").isTrue();
        assertThat(first.retryAfter()).as("an allowed request has nothing to wait for").isEqualTo(Duration.ZERO);
        assertThat(first.remainingPerMinute()).as("5 per minute, 1 used").isEqualTo(4);
        assertThat(first.remainingPerHour()).as("8 per hour, 1 used").isEqualTo(7);
    }

    @Test
    @DisplayName("gateway: the per-minute limit refills: one more request every 60 s / perMinute")
    void minuteLimitRefills() {
        // Given
        GatewayRateLimiter limiter = small();
        allowed(limiter, "alice", 5);

        // When / Then
        time.advance(Duration.ofSeconds(11));
        assertThat(limiter.tryAcquire("alice").allowed()).as("11 s later: not yet (one every 12 s)").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("alice").allowed()).as("12 s later: one more").isTrue();
    }

    @Test
    @DisplayName("gateway: the per-hour limit applies too, even to a client that respects the per-minute one")
    void hourLimitApplies() {
        // Given
        GatewayRateLimiter limiter = small();
        allowed(limiter, "alice", 5);
        time.advance(Duration.ofMinutes(1));

        // When
        int allowed = allowed(limiter, "alice", 5);

        // Then
        assertThat(allowed).as("the minute bucket is full again, but only 3 of the 8 per hour are left").isEqualTo(3);
    }

    @Test
    @DisplayName("gateway: a request refused by one limit takes nothing from the other")
    void refusedRequestTakesNothing() {
        // Given: the hour bucket is empty, the minute bucket is not
        GatewayRateLimiter limiter = small();
        allowed(limiter, "alice", 5);
        time.advance(Duration.ofMinutes(1));
        allowed(limiter, "alice", 3);

        // When
        RateLimitDecision refused = limiter.tryAcquire("alice");

        // Then
        assertThat(refused.allowed()).as("no token left in the hour").isFalse();
        assertThat(refused.remainingPerMinute())
                .as("5 in the minute bucket, 3 used by allowed requests; the refused one must not use one").isEqualTo(2);
        assertThat(refused.remainingPerHour()).as("the hour bucket is empty").isZero();
    }

    @Test
    @DisplayName("gateway: retryAfter is the wait of the limit that refused the request")
    void retryAfterOfTheBindingLimit() {
        // Given: 8 hour tokens used, 60 s of hour refill progress (60 / 450 of a token)
        GatewayRateLimiter limiter = small();
        allowed(limiter, "alice", 5);
        time.advance(Duration.ofMinutes(1));
        allowed(limiter, "alice", 3);

        // When
        RateLimitDecision refused = limiter.tryAcquire("alice");

        // Then
        assertThat(refused.retryAfter()).as("the hour refills one token every 450 s; 60 s of it have passed")
                .isEqualTo(Duration.ofSeconds(390));
    }

    @Test
    @DisplayName("gateway: when both limits are exhausted, retryAfter is the longer of the two waits")
    void retryAfterWhenBothAreEmpty() {
        // Given: 8 per minute and 8 per hour, all used at once
        GatewayRateLimiter limiter = new GatewayRateLimiter(8, 8, time);
        allowed(limiter, "alice", 8);

        // When
        RateLimitDecision refused = limiter.tryAcquire("alice");

        // Then
        assertThat(refused.retryAfter()).as("the minute needs 7.5 s, the hour 450 s: both must have a token")
                .isEqualTo(Duration.ofSeconds(450));
    }

    @Test
    @DisplayName("gateway: each consumer has its own limits")
    void limitsArePerConsumer() {
        // Given
        GatewayRateLimiter limiter = small();
        allowed(limiter, "alice", 5);

        // When
        RateLimitDecision bob = limiter.tryAcquire("bob");

        // Then
        assertThat(limiter.tryAcquire("alice").allowed()).as("alice used her 5 per minute").isFalse();
        assertThat(bob.allowed()).as("bob has his own buckets").isTrue();
        assertThat(bob.remainingPerMinute()).as("and they are full").isEqualTo(4);
    }

    @Test
    @DisplayName("gateway: the smallest limits (1 per minute, 1 per hour) allow exactly one request")
    void smallestLimits() {
        // Given
        GatewayRateLimiter limiter = new GatewayRateLimiter(1, 1, time);

        // When
        RateLimitDecision first = limiter.tryAcquire("alice");
        RateLimitDecision second = limiter.tryAcquire("alice");

        // Then
        assertThat(first.allowed()).as("1 per minute and 1 per hour are valid limits: the first request passes").isTrue();
        assertThat(second.allowed()).as("the second does not").isFalse();
        assertThat(second.retryAfter()).as("the hour limit decides: one token per hour").isEqualTo(Duration.ofHours(1));
    }

    @Test
    @DisplayName("gateway: rejects limits below 1, naming them")
    void validation() {
        assertThatThrownBy(() -> new GatewayRateLimiter(0, 1000, time)).as("perMinute 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perMinute");
        assertThatThrownBy(() -> new GatewayRateLimiter(100, 0, time)).as("perHour 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perHour");
    }
}
