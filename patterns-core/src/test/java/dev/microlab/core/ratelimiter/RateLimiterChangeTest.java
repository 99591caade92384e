package dev.microlab.core.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiter: changing the limit and draining at run time")
class RateLimiterChangeTest {

    private final ManualTimeSource time = new ManualTimeSource();

    private RateLimiter limiter(int perSecond) {
        return RateLimiter.builder("search").rate(perSecond, Duration.ofSeconds(1)).timeSource(time)
                .sleeper(time.sleeper()).build();
    }

    private static int drain(RateLimiter limiter) {
        int taken = 0;
        while (limiter.tryAcquire()) {
            taken++;
        }
        return taken;
    }

    @Test
    @DisplayName("the new rate applies from the change on; a derived burst follows it")
    void newRateApplies() {
        // Given: 10 per second, burst derived (10), bucket empty
        RateLimiter limiter = limiter(10);
        drain(limiter);

        // When
        limiter.changeLimitForPeriod(20);
        time.advance(Duration.ofMillis(500));

        // Then
        assertThat(limiter.config().permitsPerPeriod()).isEqualTo(20);
        assertThat(limiter.config().burstCapacity()).as("the derived burst follows the rate").isEqualTo(20);
        assertThat(drain(limiter)).as("0.5 s at 20 per second").isEqualTo(10);
        time.advance(Duration.ofSeconds(5));
        assertThat(drain(limiter)).as("a full bucket of the new burst").isEqualTo(20);
    }

    @Test
    @DisplayName("time before the change is earned at the old rate; the change itself grants nothing")
    void earnedBeforeAtOldRate() {
        RateLimiter limiter = limiter(10);
        drain(limiter);
        time.advance(Duration.ofMillis(500)); // 5 permits earned at 10 per second

        limiter.changeLimitForPeriod(100);

        assertThat(drain(limiter)).as("5, not 50").isEqualTo(5);
    }

    @Test
    @DisplayName("lowering the limit caps the bucket at the new burst; a burst that was set stays")
    void lowerCapsBucket() {
        RateLimiter derived = limiter(10);
        RateLimiter explicit = RateLimiter.builder("search").rate(10, Duration.ofSeconds(1)).burstCapacity(8)
                .timeSource(time).build();

        derived.changeLimitForPeriod(4);
        explicit.changeLimitForPeriod(4);

        assertThat(drain(derived)).as("the full bucket of 10 is capped at the new burst 4").isEqualTo(4);
        assertThat(explicit.config().burstCapacity()).as("a burst that was set stays").isEqualTo(8);
        assertThat(drain(explicit)).isEqualTo(8);
    }

    @Test
    @DisplayName("drainPermissions takes every available permit; the next comes at the rate")
    void drainPermissions() {
        RateLimiter limiter = limiter(10);
        limiter.tryAcquire(3);

        int drained = limiter.drainPermissions();

        assertThat(drained).isEqualTo(7);
        assertThat(limiter.tryAcquire()).isFalse();
        time.advance(Duration.ofMillis(100));
        assertThat(limiter.tryAcquire()).as("one permit per 100 ms again").isTrue();
    }

    @Test
    @DisplayName("under 8 threads and repeated changes with the clock stopped, no change mints a permit")
    void concurrentChangesGrantNoExtraPermit() throws Exception {
        // Given: a full bucket of 10 and a stopped clock: at most 10 permits can ever be granted
        RateLimiter limiter = limiter(10);
        int threads = 8;
        AtomicInteger granted = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CountDownLatch changesDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    while (changesDone.getCount() > 0) {
                        if (limiter.tryAcquire()) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.await();

            // When: the limit (and with it the derived burst) moves between 5 and 40
            for (int round = 0; round < 500; round++) {
                limiter.changeLimitForPeriod(round % 2 == 0 ? 40 : 5);
            }
            changesDone.countDown();
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }

            // Then
            assertThat(granted.get()).as("never more than the 10 permits in the bucket when the clock stopped")
                    .isLessThanOrEqualTo(10);
            assertThat(limiter.availablePermits()).isGreaterThanOrEqualTo(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("limit changes and drains carry one sequence number per limiter, 1, 2, 3, … in the order they took effect")
    void eventsCarrySequence() throws Exception {
        RateLimiter limiter = limiter(10);
        List<RateLimiterEvent> changes = new CopyOnWriteArrayList<>();
        limiter.eventPublisher().subscribe(e -> {
            if (e instanceof RateLimiterEvent.LimitChanged || e instanceof RateLimiterEvent.Drained) {
                changes.add(e);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        try {
            List<Future<?>> changers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int rate = 10 + t;
                changers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        if (i % 5 == 0) {
                            limiter.drainPermissions();
                        } else {
                            limiter.changeLimitForPeriod(rate);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> changer : changers) {
                changer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> sequences = new ArrayList<>();
        RateLimiterEvent.LimitChanged last = null;
        for (RateLimiterEvent e : changes) {
            long sequence = e instanceof RateLimiterEvent.LimitChanged c ? c.sequence()
                    : ((RateLimiterEvent.Drained) e).sequence();
            sequences.add(sequence);
            if (e instanceof RateLimiterEvent.LimitChanged c && (last == null || c.sequence() > last.sequence())) {
                last = c;
            }
        }
        assertThat(sequences).as("1..200, each once").containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(last.newPermitsPerPeriod()).as("the highest-numbered change is the limit in effect")
                .isEqualTo(limiter.config().permitsPerPeriod());
    }

    @Test
    @DisplayName("burst 1 polled slightly faster than the rate grants about half the rate (normal token-bucket behaviour)")
    void burstOnePolledTooFast() {
        // Given: 10 per second (one per 100 ms), burst 1, polled every 95 ms for 19 s
        RateLimiter limiter = RateLimiter.builder("search").rate(10, Duration.ofSeconds(1)).burstCapacity(1)
                .timeSource(time).build();
        int granted = 0;
        for (int poll = 0; poll < 200; poll++) {
            if (limiter.tryAcquire()) {
                granted++;
            }
            time.advance(Duration.ofMillis(95));
        }

        // Then: a poll at 95 ms finds 0.95 of a permit; the next, at 190 ms, finds the bucket
        // full at 1 since 100 ms, and the 90 ms in between earned nothing: one grant per 190 ms
        assertThat(granted).as("100 polls' worth of the rate, but only every other poll is granted").isEqualTo(100);

        // A caller that reserves ahead waits the missing 5 ms instead and gets the full rate
        RateLimiter reserving = RateLimiter.builder("search").rate(10, Duration.ofSeconds(1)).burstCapacity(1)
                .timeSource(time).sleeper(time.sleeper()).build();
        long start = time.nanoTime();
        int reserved = 0;
        while (time.nanoTime() - start < Duration.ofSeconds(19).toNanos()) {
            if (reserving.tryAcquire(1, Duration.ofMillis(95))) {
                reserved++;
            }
            time.advance(Duration.ofMillis(95));
        }
        assertThat(reserved).as("the first permit of the full bucket, then 10 per second over 19 s").isEqualTo(191);
    }
}
