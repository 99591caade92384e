package dev.microlab.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TrialPermits")
class TrialPermitsTest {

    @Test
    @DisplayName("hands out exactly the total, and a release gives one back but never more than the total")
    void boundedBothWays() {
        TrialPermits permits = new TrialPermits(2);

        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).as("both are out").isFalse();
        permits.release();
        permits.release();
        permits.release(); // one release too many
        assertThat(permits.available()).as("a stray release creates no permit").isEqualTo(2);
    }

    @Test
    @DisplayName("threads racing for the permits get exactly the total between them")
    void racingThreads() throws Exception {
        // Given 8 threads released at once against 3 permits
        TrialPermits permits = new TrialPermits(3);
        CyclicBarrier start = new CyclicBarrier(8);
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        if (permits.tryAcquire()) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertThat(granted.get()).as("8,000 attempts, 3 permits").isEqualTo(3);
        assertThat(permits.available()).isZero();
    }

    @Test
    @DisplayName("a total below 1 is rejected with its value")
    void rejectsEmpty() {
        assertThatThrownBy(() -> new TrialPermits(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("total must be >= 1, but was 0");
    }
}
