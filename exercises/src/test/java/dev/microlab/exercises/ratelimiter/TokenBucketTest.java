package dev.microlab.exercises.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rate-limiter")
@DisplayName("Exercise 5 · Rate limiter · token bucket")
class TokenBucketTest {

    private final ManualTimeSource time = new ManualTimeSource();

    /** 100 tokens per minute: one every 600 ms. */
    private TokenBucket perMinute() {
        return new TokenBucket(100, Duration.ofMinutes(1), time);
    }

    private static void drain(TokenBucket bucket, int tokens) {
        for (int i = 0; i < tokens; i++) {
            assertThat(bucket.tryConsume()).as("token %d of a full bucket of %d", i + 1, tokens).isTrue();
        }
    }

    @Test
    @DisplayName("token bucket: starts full — capacity requests at once, then the next one is refused")
    void startsFull() {
        // Given
        TokenBucket bucket = perMinute();
        assertThat(bucket.availableTokens()).as("a new bucket is full").isEqualTo(100);

        // When
        drain(bucket, 100);

        // Then
        assertThat(bucket.tryConsume()).as("the 101st request in the same instant has no token").isFalse();
        assertThat(bucket.availableTokens()).as("empty").isZero();
    }

    @Test
    @DisplayName("token bucket: refills one token every refillPeriod / capacity (600 ms for 100 per minute)")
    void refillsAtTheRate() {
        // Given
        TokenBucket bucket = perMinute();
        drain(bucket, 100);

        // When / Then
        time.advance(Duration.ofMillis(599));
        assertThat(bucket.tryConsume()).as("after 599 ms not a whole token yet").isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(bucket.tryConsume()).as("after 600 ms exactly one token").isTrue();
        assertThat(bucket.tryConsume()).as("and only one").isFalse();
        time.advance(Duration.ofSeconds(6));
        assertThat(bucket.availableTokens()).as("6 s later: 10 more tokens").isEqualTo(10);
    }

    @Test
    @DisplayName("token bucket: partial refills add up — no fraction of a token is lost between calls")
    void partialRefillsAddUp() {
        // Given
        TokenBucket bucket = perMinute();
        drain(bucket, 100);

        // When: looked at every 200 ms
        time.advance(Duration.ofMillis(200));
        assertThat(bucket.tryConsume()).as("1/3 of a token").isFalse();
        time.advance(Duration.ofMillis(200));
        assertThat(bucket.availableTokens()).as("2/3 of a token").isZero();
        time.advance(Duration.ofMillis(200));

        // Then
        assertThat(bucket.tryConsume())
                .as("3 × 200 ms = 600 ms = one token: a refused request or a look must not throw away the progress")
                .isTrue();
    }

    @Test
    @DisplayName("token bucket: never holds more than capacity, however long it stays idle")
    void neverAboveCapacity() {
        // Given
        TokenBucket bucket = perMinute();
        bucket.tryConsume();

        // When
        time.advance(Duration.ofDays(3));

        // Then
        assertThat(bucket.availableTokens()).as("3 idle days still give at most 100 tokens").isEqualTo(100);
        drain(bucket, 100);
        assertThat(bucket.tryConsume()).as("and the 101st is refused").isFalse();
    }

    @Test
    @DisplayName("token bucket: timeUntilAvailable() says how long until the next token (zero when there is one)")
    void timeUntilAvailable() {
        // Given
        TokenBucket bucket = perMinute();
        assertThat(bucket.timeUntilAvailable()).as("a full bucket: no wait").isEqualTo(Duration.ZERO);
        drain(bucket, 100);

        // When / Then
        assertThat(bucket.timeUntilAvailable()).as("just emptied: a whole token takes 600 ms")
                .isEqualTo(Duration.ofMillis(600));
        time.advance(Duration.ofMillis(250));
        assertThat(bucket.timeUntilAvailable()).as("250 ms later: 350 ms to go").isEqualTo(Duration.ofMillis(350));
    }

    @Test
    @DisplayName("token bucket: the refill rate follows capacity and refillPeriod (10 per second: one every 100 ms)")
    void rateFollowsTheSettings() {
        // Given
        TokenBucket bucket = new TokenBucket(10, Duration.ofSeconds(1), time);
        drain(bucket, 10);

        // When
        time.advance(Duration.ofMillis(350));

        // Then
        assertThat(bucket.availableTokens()).as("350 ms at 10 per second: 3 whole tokens").isEqualTo(3);
        assertThat(bucket.timeUntilAvailable()).as("a token is there").isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("token bucket: a bucket of capacity 1 allows one request per refillPeriod")
    void capacityOne() {
        // Given
        TokenBucket bucket = new TokenBucket(1, Duration.ofSeconds(2), time);

        // When / Then
        assertThat(bucket.tryConsume()).as("the single token").isTrue();
        assertThat(bucket.tryConsume()).as("then none").isFalse();
        assertThat(bucket.timeUntilAvailable()).as("the next one in 2 s").isEqualTo(Duration.ofSeconds(2));
        time.advance(Duration.ofSeconds(2));
        assertThat(bucket.tryConsume()).as("2 s later, one more").isTrue();
    }

    @Test
    @DisplayName("token bucket: rejects a capacity below 1 or a refillPeriod that is not positive, naming them")
    void validation() {
        assertThatThrownBy(() -> new TokenBucket(0, Duration.ofMinutes(1), time)).as("capacity 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new TokenBucket(10, Duration.ZERO, time)).as("refillPeriod 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refillPeriod");
        assertThatThrownBy(() -> new TokenBucket(10, Duration.ofSeconds(-1), time)).as("negative refillPeriod")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refillPeriod");
    }
}
