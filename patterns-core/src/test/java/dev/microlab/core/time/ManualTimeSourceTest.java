package dev.microlab.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ManualTimeSource")
class ManualTimeSourceTest {

    @Test
    @DisplayName("advance moves the monotonic and the wall clock by the same amount")
    void advanceMovesBothClocks() {
        // Given
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-05-01T10:00:00Z"));
        long before = time.nanoTime();

        // When
        time.advance(Duration.ofMillis(1500));

        // Then
        assertThat(time.nanoTime() - before).isEqualTo(1_500_000_000L);
        assertThat(time.instant()).isEqualTo(Instant.parse("2026-05-01T10:00:01.500Z"));
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    @DisplayName("refuses to go backwards, by advance or by set, naming the offending value")
    void neverGoesBackwards() {
        ManualTimeSource time = new ManualTimeSource();
        time.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> time.advanceNanos(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> time.setInstant(ManualTimeSource.DEFAULT_START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never goes backwards");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("setInstant jumps forward and moves the monotonic reading with it")
    void setInstantJumpsForward() {
        ManualTimeSource time = new ManualTimeSource();

        time.setInstant(ManualTimeSource.DEFAULT_START.plusSeconds(90));

        assertThat(time.nanoTime()).isEqualTo(Duration.ofSeconds(90).toNanos());
        assertThat(time.instant()).isEqualTo(ManualTimeSource.DEFAULT_START.plusSeconds(90));
    }

    @Test
    @DisplayName("the sleeper returns at once after moving the clock")
    void sleeperAdvances() throws InterruptedException {
        ManualTimeSource time = new ManualTimeSource();

        time.sleeper().sleep(Duration.ofMinutes(3));

        assertThat(time.elapsed()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    @DisplayName("concurrent advances are never lost and readings never decrease")
    void concurrentAdvances() throws Exception {
        ManualTimeSource time = new ManualTimeSource();
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    time.advanceNanos(1);
                }
                return null;
            }));
        }
        Future<Boolean> reader = pool.submit(() -> {
            start.await();
            long last = 0;
            for (int i = 0; i < 50_000; i++) {
                long now = time.nanoTime();
                if (now < last) {
                    return false;
                }
                last = now;
            }
            return true;
        });
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(reader.get(30, TimeUnit.SECONDS)).as("readings never decreased").isTrue();
        pool.shutdown();

        assertThat(time.nanoTime()).isEqualTo((long) threads * perThread);
    }

    @Test
    @DisplayName("stops at its last reading instead of wrapping negative: time never goes backwards, however far advanced")
    void saturatesAtItsEnd() throws Exception {
        // Given
        ManualTimeSource time = new ManualTimeSource();
        time.advanceNanos(Long.MAX_VALUE - 10);

        // When
        time.advanceNanos(100);
        long afterNanos = time.nanoTime();
        time.advance(Duration.ofSeconds(Long.MAX_VALUE));
        time.sleeper().sleep(Duration.ofDays(365));

        // Then
        assertThat(afterNanos).as("the reading stops at 2^63-1 ns").isEqualTo(Long.MAX_VALUE);
        assertThat(time.nanoTime()).as("and stays there").isEqualTo(Long.MAX_VALUE);
        assertThat(time.elapsed()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    @DisplayName("setInstant beyond its last reading stops at the end instead of throwing ArithmeticException")
    void setInstantSaturates() {
        ManualTimeSource time = new ManualTimeSource();

        time.setInstant(Instant.MAX);

        assertThat(time.nanoTime()).isEqualTo(Long.MAX_VALUE);
    }
}
