package dev.microlab.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Backoff")
class BackoffTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(2);

    @Test
    @DisplayName("fixed returns the same delay for every attempt")
    void fixed() {
        Backoff backoff = Backoff.fixed(Duration.ofMillis(250));

        assertThat(List.of(backoff.delay(1, Duration.ZERO), backoff.delay(7, Duration.ofSeconds(9))))
                .containsOnly(Duration.ofMillis(250));
    }

    @Test
    @DisplayName("exponential multiplies the delay each attempt and stops at max")
    void exponentialCaps() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));

        List<Long> millis = new ArrayList<>();
        for (int attempt = 1; attempt <= 6; attempt++) {
            millis.add(backoff.delay(attempt, Duration.ZERO).toMillis());
        }

        assertThat(millis).as("100 * 2^(n-1), capped at 1000").containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(backoff.delay(10_000, Duration.ZERO)).as("no overflow for huge attempts")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("full jitter stays in [0, min(max, base * 2^(n-1))]")
    void fullJitterBounds() {
        Backoff backoff = Backoff.fullJitter(BASE, MAX, new Random(42));

        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(MAX.toNanos(), BASE.toNanos() << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt, Duration.ZERO).toNanos())
                        .as("attempt %d", attempt).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    @DisplayName("equal jitter stays in [t/2, t] with t = min(max, base * 2^(n-1))")
    void equalJitterBounds() {
        Backoff backoff = Backoff.equalJitter(BASE, MAX, new Random(42));

        for (int attempt = 1; attempt <= 12; attempt++) {
            long t = Math.min(MAX.toNanos(), BASE.toNanos() << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(backoff.delay(attempt, Duration.ZERO).toNanos())
                        .as("attempt %d", attempt).isBetween(t / 2, t);
            }
        }
    }

    @Test
    @DisplayName("decorrelated jitter stays in [base, min(max, previous * 3)]")
    void decorrelatedJitterBounds() {
        Backoff backoff = Backoff.decorrelatedJitter(BASE, MAX, new Random(42));

        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 2_000; attempt++) {
            Duration delay = backoff.delay(attempt, previous);
            long upper = Math.min(MAX.toNanos(), Math.max(BASE.toNanos(), previous.toNanos()) * 3);
            assertThat(delay.toNanos()).as("attempt %d after %s", attempt, previous)
                    .isBetween(BASE.toNanos(), upper);
            previous = delay;
        }
    }

    @Test
    @DisplayName("the same seed gives the same jittered delays, and they actually vary")
    void seededJitterIsReproducible() {
        List<Duration> first = sample(Backoff.fullJitter(BASE, MAX, new Random(7)));
        List<Duration> second = sample(Backoff.fullJitter(BASE, MAX, new Random(7)));

        assertThat(first).as("same seed, same delays").isEqualTo(second);
        assertThat(first).as("jitter must not be constant").doesNotHaveDuplicates();
    }

    private static List<Duration> sample(Backoff backoff) {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(backoff.delay(5, Duration.ZERO));
        }
        return delays;
    }

    @Test
    @DisplayName("rejects bad arguments naming the field and the value")
    void validation() {
        Random random = new Random(1);
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must be >= 0, but was PT-0.001S");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2.0, MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial must be > 0");
        assertThatThrownBy(() -> Backoff.exponential(BASE, 0.5, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("multiplier must be a finite number >= 1.0, but was 0.5");
        assertThatThrownBy(() -> Backoff.fullJitter(BASE, Duration.ofMillis(50), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max must be >= base");
        assertThatThrownBy(() -> Backoff.equalJitter(Duration.ofMillis(-5), MAX, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base must be > 0");
        assertThatThrownBy(() -> Backoff.decorrelatedJitter(BASE, MAX, null))
                .isInstanceOf(NullPointerException.class).hasMessage("random must not be null");
    }
}
