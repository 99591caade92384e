package dev.microlab.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CountSlidingWindow")
class CountSlidingWindowTest {

    @Test
    @DisplayName("keeps the totals of the last size outcomes")
    void lastSizeOutcomes() {
        // Given
        CountSlidingWindow window = new CountSlidingWindow(3, 3, 50, 100);

        // When F, S(slow), S, S: the failure slides out
        window.record(true, false);
        window.record(false, true);
        window.record(false, false);
        window.record(false, false);

        // Then
        assertThat(window.counts()).isEqualTo(new WindowCounts(3, 0, 1));
    }

    @Test
    @DisplayName("reports which threshold is exceeded, only from the minimum number of calls on")
    void verdicts() {
        CountSlidingWindow window = new CountSlidingWindow(4, 2, 50, 50);

        assertThat(window.record(true, true)).as("1 call of the 2 required").isEqualTo(SlidingWindow.BELOW_THRESHOLDS);
        assertThat(window.record(false, false)).isEqualTo(
                SlidingWindow.FAILURE_RATE_EXCEEDED | SlidingWindow.SLOW_CALL_RATE_EXCEEDED);
        assertThat(window.record(false, false)).as("1/3 is under 50 %%").isEqualTo(SlidingWindow.BELOW_THRESHOLDS);
    }

    @Test
    @DisplayName("with many more threads than slots, the totals at rest still match a full window")
    void lappingWindowIsExactAtRest() throws Exception {
        // Given a 4-slot window and 8 threads recording failures and slow calls as fast as they can
        CountSlidingWindow window = new CountSlidingWindow(4, 1, 100, 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        window.record(true, true);
                    }
                    return null;
                }));
            }

            // When
            go.countDown();
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then every slot holds a failed slow call, and the totals say exactly that
        assertThat(window.counts()).isEqualTo(new WindowCounts(4, 4, 4));
    }

    @Test
    @DisplayName("the division-free slot index equals ticket mod size below 2^32")
    void slotIndexIsTicketModSize() {
        long[] tickets = {0, 1, 2, 99, 100, 101, 65_535, 1L << 31, (1L << 32) - 2, (1L << 32) - 1};
        Random random = new Random(7);
        for (int size : new int[] {1, 2, 3, 7, 64, 100, 999_983, 1_000_000}) {
            CountSlidingWindow window = new CountSlidingWindow(size, 1, 50, 100);
            for (long ticket : tickets) {
                assertThat(window.slotOf(ticket)).as("ticket %d, size %d", ticket, size).isEqualTo((int) (ticket % size));
            }
            for (int i = 0; i < 10_000; i++) {
                long ticket = random.nextLong() & 0xFFFF_FFFFL;
                assertThat(window.slotOf(ticket)).as("ticket %d, size %d", ticket, size).isEqualTo((int) (ticket % size));
            }
        }
    }

    @Test
    @DisplayName("an outcome that leaves the totals unchanged says so instead of re-evaluating")
    void unchangedTotals() {
        CountSlidingWindow window = new CountSlidingWindow(2, 2, 50, 100);
        window.record(false, false);
        window.record(false, false);

        assertThat(window.record(false, false)).as("a success replacing a success").isEqualTo(SlidingWindow.UNCHANGED);
        assertThat(window.record(true, false)).as("a failure replacing a success is evaluated")
                .isEqualTo(SlidingWindow.FAILURE_RATE_EXCEEDED);
        assertThat(window.counts()).isEqualTo(new WindowCounts(2, 1, 0));
    }
}
