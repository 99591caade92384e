package dev.microlab.exercises.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("retry")
@DisplayName("Exercise 4 · Retry · backoff")
class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(1);

    private static Backoff withoutJitter() {
        return new Backoff(INITIAL, 2.0, MAX, 0.0, new Random(1));
    }

    @Test
    @DisplayName("backoff: without jitter the delays grow exponentially: 100, 200, 400, 800 ms")
    void growsExponentially() {
        Backoff backoff = withoutJitter();
        assertThat(backoff.delayBeforeRetry(1)).as("before the 1st retry: initialDelay").isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayBeforeRetry(2)).as("before the 2nd: initialDelay × 2").isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayBeforeRetry(3)).as("before the 3rd: initialDelay × 2²").isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayBeforeRetry(4)).as("before the 4th: initialDelay × 2³").isEqualTo(Duration.ofMillis(800));
    }

    @Test
    @DisplayName("backoff: the multiplier is honoured (× 3: 100, 300, 900 ms)")
    void honoursTheMultiplier() {
        Backoff backoff = new Backoff(INITIAL, 3.0, Duration.ofSeconds(10), 0.0, new Random(1));
        assertThat(backoff.delayBeforeRetry(2)).as("100 ms × 3").isEqualTo(Duration.ofMillis(300));
        assertThat(backoff.delayBeforeRetry(3)).as("100 ms × 3²").isEqualTo(Duration.ofMillis(900));
    }

    @Test
    @DisplayName("backoff: delays stop growing at maxDelay, even after very many retries")
    void cappedAtMaxDelay() {
        Backoff backoff = withoutJitter();
        assertThat(backoff.delayBeforeRetry(5)).as("1600 ms capped at maxDelay = 1 s").isEqualTo(MAX);
        assertThat(backoff.delayBeforeRetry(6)).as("still maxDelay").isEqualTo(MAX);
        assertThat(backoff.delayBeforeRetry(200))
                .as("2^199 × 100 ms overflows a long: compute in double (or cap early) so it stays maxDelay")
                .isEqualTo(MAX);
    }

    @Test
    @DisplayName("backoff: a multiplier of 1 gives a constant delay")
    void constantDelay() {
        Backoff backoff = new Backoff(INITIAL, 1.0, MAX, 0.0, new Random(1));
        assertThat(backoff.delayBeforeRetry(7)).as("100 ms × 1⁶").isEqualTo(INITIAL);
    }

    @Test
    @DisplayName("jitter: spreads each delay over base ± jitter × base, on both sides")
    void jitterSpreadsBothWays() {
        // Given
        Backoff backoff = new Backoff(Duration.ofMillis(1000), 2.0, Duration.ofSeconds(60), 0.5, new Random(42));

        // When
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long millis = backoff.delayBeforeRetry(1).toMillis();
            min = Math.min(min, millis);
            max = Math.max(max, millis);
        }

        // Then
        assertThat(min).as("jitter 0.5 on 1000 ms: never below 500 ms").isGreaterThanOrEqualTo(500);
        assertThat(max).as("jitter 0.5 on 1000 ms: never above 1500 ms").isLessThanOrEqualTo(1500);
        assertThat(min).as("some delays should be well below the base (jitter goes both ways)").isLessThan(600);
        assertThat(max).as("some delays should be well above the base (jitter goes both ways)").isGreaterThan(1400);
    }

    @Test
    @DisplayName("jitter: on average the delay is still the base delay (uniform spread)")
    void jitterAveragesToTheBase() {
        // Given
        Backoff backoff = new Backoff(Duration.ofMillis(1000), 2.0, Duration.ofSeconds(60), 0.5, new Random(7));

        // When
        double sum = 0;
        int draws = 5_000;
        for (int i = 0; i < draws; i++) {
            sum += backoff.delayBeforeRetry(2).toMillis();
        }

        // Then
        assertThat(sum / draws).as("the mean of jittered delays before retry 2 should be about 2000 ms")
                .isBetween(1950.0, 2050.0);
    }

    @Test
    @DisplayName("jitter: never pushes a delay above maxDelay")
    void jitterRespectsMaxDelay() {
        Backoff backoff = new Backoff(INITIAL, 2.0, MAX, 1.0, new Random(3));
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delayBeforeRetry(4)).as("800 ms ± 100 % is capped at maxDelay = 1 s")
                    .isLessThanOrEqualTo(MAX);
        }
    }

    @Test
    @DisplayName("backoff: rejects settings out of range, naming them, and retry numbers below 1")
    void validation() {
        Random random = new Random(0);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2.0, MAX, 0.0, random)).as("initialDelay = 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new Backoff(INITIAL, 0.5, MAX, 0.0, random)).as("multiplier 0.5 would shrink the delays")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), 2.0, MAX, 0.0, random)).as("negative initialDelay")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> new Backoff(INITIAL, Double.NaN, MAX, 0.0, random)).as("multiplier NaN")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(INITIAL, 2.0, Duration.ofMillis(99), 0.0, random)).as("maxDelay < initialDelay")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new Backoff(INITIAL, 2.0, MAX, 1.5, random)).as("jitter 1.5 could give negative delays")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new Backoff(INITIAL, 2.0, MAX, -0.1, random)).as("negative jitter")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> withoutJitter().delayBeforeRetry(0)).as("there is no retry number 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry");
    }

    @Test
    @DisplayName("backoff: accepts the edge settings (maxDelay = initialDelay, multiplier 1, jitter 0 and 1)")
    void edgeSettings() {
        Backoff flat = new Backoff(INITIAL, 1.0, INITIAL, 1.0, new Random(5));
        assertThat(flat.delayBeforeRetry(3)).as("with jitter 1 the delay is between 0 and maxDelay")
                .isBetween(Duration.ZERO, INITIAL);
    }
}
