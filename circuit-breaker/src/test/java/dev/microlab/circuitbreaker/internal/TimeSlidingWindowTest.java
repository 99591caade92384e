package dev.microlab.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimeSlidingWindow")
class TimeSlidingWindowTest {

    private static final long SECOND = 1_000_000_000L;
    private final ManualTimeSource time = new ManualTimeSource();

    @Test
    @DisplayName("drops each bucket when it leaves the window, one second at a time")
    void bucketsLeaveOneByOne() {
        // Given a 3-second window with one call in each of seconds 0, 1 and 2
        TimeSlidingWindow window = new TimeSlidingWindow(time, 3, SECOND, 1, 50, 100);
        window.record(true, false);
        time.advance(Duration.ofSeconds(1));
        window.record(false, false);
        time.advance(Duration.ofSeconds(1));
        window.record(false, true);

        // When / Then
        assertThat(window.counts()).isEqualTo(new WindowCounts(3, 1, 1));
        time.advance(Duration.ofSeconds(1));
        assertThat(window.counts()).as("second 0 left").isEqualTo(new WindowCounts(2, 0, 1));
        time.advance(Duration.ofSeconds(1));
        assertThat(window.counts()).as("second 1 left").isEqualTo(new WindowCounts(1, 0, 1));
        time.advance(Duration.ofSeconds(1));
        assertThat(window.counts()).as("second 2 left").isEqualTo(WindowCounts.EMPTY);
    }

    @Test
    @DisplayName("a one-second window keeps working second after second (Resilience4j #2379 threw an NPE here)")
    void oneSecondWindow() {
        // Given
        TimeSlidingWindow window = new TimeSlidingWindow(time, 1, SECOND, 1, 50, 100);

        // When three seconds pass, one failure in each
        for (int second = 0; second < 3; second++) {
            window.record(true, false);
            time.advance(Duration.ofSeconds(1));
        }
        window.record(false, false);

        // Then only the current second counts
        assertThat(window.counts()).isEqualTo(new WindowCounts(1, 0, 0));
    }

    @Test
    @DisplayName("a bucket of a day-long window stops counting at 24,855 calls, so the totals cannot overflow")
    void bucketCapacity() {
        // Given a window of 86,400 one-second buckets: 2^31 / 86,400 = 24,855 calls per bucket
        TimeSlidingWindow window = new TimeSlidingWindow(time, 86_400, SECOND, 1, 100, 100);

        // When 25,000 calls arrive in one second
        for (int i = 0; i < 25_000; i++) {
            window.record(false, false);
        }

        // Then
        assertThat(window.counts().calls()).isEqualTo(24_855);
    }

    @Test
    @DisplayName("a gap longer than the window empties it at once")
    void longGap() {
        // Given
        TimeSlidingWindow window = new TimeSlidingWindow(time, 5, SECOND, 1, 50, 100);
        for (int i = 0; i < 10; i++) {
            window.record(true, false);
            time.advance(Duration.ofMillis(300));
        }

        // When an hour passes and one success is recorded
        time.advance(Duration.ofHours(1));
        int verdict = window.record(false, false);

        // Then
        assertThat(window.counts()).isEqualTo(new WindowCounts(1, 0, 0));
        assertThat(verdict).as("the old failures no longer count").isEqualTo(SlidingWindow.BELOW_THRESHOLDS);
    }

    @Test
    @DisplayName("counts every call recorded by many threads while the clock moves within the window")
    void concurrentRecordsAreExact() throws Exception {
        // Given a 10-second window
        TimeSlidingWindow window = new TimeSlidingWindow(time, 10, SECOND, 1, 100, 100);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        window.record(i % 2 == 0, i % 4 == 0);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 80; i++) {
                    time.advance(Duration.ofMillis(100)); // 8 s in all: every call stays in the window
                    Thread.yield();
                }
                return null;
            }));

            // When
            go.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertThat(window.counts()).isEqualTo(new WindowCounts(80_000, 40_000, 20_000));
    }

    @Test
    @DisplayName("after calls recorded concurrently across rolls, the totals match what is left in the window")
    void concurrentRollsLeaveConsistentTotals() throws Exception {
        // Given a 2-second window and a clock moving far past it while 4 threads record
        TimeSlidingWindow window = new TimeSlidingWindow(time, 2, SECOND, 1, 100, 100);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        window.record(true, false);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 200; i++) {
                    time.advance(Duration.ofMillis(250));
                    Thread.yield();
                }
                return null;
            }));
            go.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // When the window moves past everything
        time.advance(Duration.ofSeconds(2));

        // Then nothing leaked into the running totals
        assertThat(window.counts()).as("every sealed bucket was subtracted exactly once").isEqualTo(WindowCounts.EMPTY);
    }
}
