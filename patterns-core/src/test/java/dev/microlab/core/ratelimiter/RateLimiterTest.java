package dev.microlab.core.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiter")
class RateLimiterTest {

    private final ManualTimeSource time = new ManualTimeSource();

    private RateLimiter.Builder limiter() {
        return RateLimiter.builder("search").rate(10, Duration.ofSeconds(1)).burstCapacity(10)
                .timeSource(time).sleeper(time.sleeper());
    }

    private static int drain(RateLimiter limiter) {
        int granted = 0;
        while (limiter.tryAcquire()) {
            granted++;
        }
        return granted;
    }

    @Test
    @DisplayName("starts full: grants burstCapacity permits at once, then refuses")
    void startsFull() {
        RateLimiter limiter = limiter().burstCapacity(4).build();

        assertThat(drain(limiter)).as("a full bucket grants exactly its burst").isEqualTo(4);
        assertThat(limiter.availablePermits()).isZero();
    }

    @Test
    @DisplayName("refills one permit every period / permits, not before")
    void refillsContinuously() {
        // Given: 10 per second = one every 100 ms
        RateLimiter limiter = limiter().build();
        drain(limiter);

        // When / Then
        time.advance(Duration.ofMillis(99));
        assertThat(limiter.tryAcquire()).as("99 ms earn no permit").isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire()).as("100 ms earn one").isTrue();
        assertThat(limiter.tryAcquire()).as("but only one").isFalse();
    }

    @Test
    @DisplayName("a long idle time refills up to burstCapacity and no more")
    void capsAtBurst() {
        RateLimiter limiter = limiter().burstCapacity(3).build();
        drain(limiter);

        time.advance(Duration.ofHours(5));

        assertThat(limiter.availablePermits()).isEqualTo(3);
        assertThat(drain(limiter)).isEqualTo(3);
    }

    @Test
    @DisplayName("over 10,000 simulated seconds grants exactly burst + floor(rate x elapsed): no drift")
    void noDrift() {
        // Given: 7 permits per 3 s (not a whole number of nanoseconds per permit), burst 5
        RateLimiter limiter = RateLimiter.builder("search").rate(7, Duration.ofSeconds(3)).burstCapacity(5)
                .timeSource(time).build();
        long step = 333_333_337L; // an awkward step, so rounding errors would pile up
        long total = Duration.ofSeconds(10_000).toNanos();

        // When
        long granted = drain(limiter);
        for (long elapsed = step; elapsed <= total; elapsed += step) {
            time.advanceNanos(step);
            granted += drain(limiter);
        }

        // Then
        long elapsed = time.nanoTime();
        long expected = 5 + (7 * elapsed) / Duration.ofSeconds(3).toNanos();
        assertThat(granted).as("burst + floor(7/3 per s x %d ns)", elapsed).isEqualTo(expected);
    }

    @Test
    @DisplayName("asking for more permits than the burst is an error, not a silent refusal")
    void moreThanBurst() {
        RateLimiter limiter = limiter().burstCapacity(5).build();

        assertThatThrownBy(() -> limiter.tryAcquire(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be in [1, 5] (the burstCapacity of rate limiter 'search'), but was 6");
        assertThatThrownBy(() -> limiter.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("tryAcquire(permits) takes all of them or none")
    void allOrNothing() {
        RateLimiter limiter = limiter().burstCapacity(5).build();

        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(3)).as("only 2 left").isFalse();
        assertThat(limiter.availablePermits()).as("a refusal takes nothing").isEqualTo(2);
    }

    @Test
    @DisplayName("with a timeout, reserves ahead and waits exactly until the permits are earned")
    void reservesAhead() {
        // Given
        RateLimiter limiter = limiter().build();
        drain(limiter);

        // When
        boolean granted = limiter.tryAcquire(3, Duration.ofSeconds(1));

        // Then
        assertThat(granted).isTrue();
        assertThat(time.elapsed()).as("3 permits at 10/s take 300 ms, waited with the sleeper")
                .isEqualTo(Duration.ofMillis(300));
        assertThat(limiter.availablePermits()).isZero();
    }

    @Test
    @DisplayName("reservations queue up: the second caller waits behind the first")
    void reservationsQueue() {
        // Given: a sleeper that records instead of moving time, as two callers arrive at once
        List<Duration> waits = new ArrayList<>();
        RateLimiter limiter = limiter().sleeper(waits::add).build();
        drain(limiter);

        // When
        limiter.tryAcquire(1, Duration.ofSeconds(1));
        limiter.tryAcquire(1, Duration.ofSeconds(1));

        // Then
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(limiter.availablePermits()).as("two permits owed").isEqualTo(-2);
    }

    @Test
    @DisplayName("with a timeout too short, refuses at once without waiting or reserving")
    void timeoutTooShort() {
        RateLimiter limiter = limiter().build();
        drain(limiter);

        boolean granted = limiter.tryAcquire(3, Duration.ofMillis(299));

        assertThat(granted).isFalse();
        assertThat(time.elapsed()).as("a refused caller never waits").isEqualTo(Duration.ZERO);
        assertThat(limiter.availablePermits()).as("nothing reserved").isZero();
    }

    @Test
    @DisplayName("an interrupted wait gives the reservation back and keeps the interrupt flag")
    void interruptedReservation() {
        RateLimiter limiter = limiter().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        drain(limiter);

        try {
            assertThat(limiter.tryAcquire(2, Duration.ofSeconds(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(limiter.availablePermits()).as("reservation returned").isZero();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("execute helpers throw RequestNotPermittedException and do not run the call when refused")
    void executeRefused() {
        RateLimiter limiter = limiter().burstCapacity(1).build();
        AtomicInteger ran = new AtomicInteger();
        limiter.executeRunnable(ran::incrementAndGet);

        assertThatThrownBy(() -> limiter.executeSupplier(ran::incrementAndGet))
                .isInstanceOfSatisfying(RequestNotPermittedException.class, e -> {
                    assertThat(e.rateLimiterName()).isEqualTo("search");
                    assertThat(e.permits()).isEqualTo(1);
                });
        assertThat(ran.get()).as("only the permitted call ran").isEqualTo(1);
    }

    @Test
    @DisplayName("execute helpers wait up to maxWait for a permit")
    void executeWaitsMaxWait() throws Exception {
        RateLimiter limiter = limiter().burstCapacity(1).maxWait(Duration.ofMillis(100)).build();
        limiter.tryAcquire();

        String result = limiter.executeCallable(() -> "ok");

        assertThat(result).isEqualTo("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    @DisplayName("async calls fail with RequestNotPermittedException when refused")
    void asyncRefused() {
        RateLimiter limiter = limiter().burstCapacity(1).build();

        CompletableFuture<String> first = limiter.executeCompletionStage(
                () -> CompletableFuture.completedFuture("ok")).toCompletableFuture();
        CompletableFuture<String> second = limiter.decorateAsync(
                () -> CompletableFuture.completedFuture("ok")).get().toCompletableFuture();

        assertThat(first).isCompletedWithValue("ok");
        assertThat(second.handle((r, e) -> e).join()).isInstanceOf(RequestNotPermittedException.class);
    }

    @Test
    @DisplayName("publishes permitted and rejected events")
    void events() {
        RateLimiter limiter = limiter().burstCapacity(1).build();
        List<RateLimiterEvent> events = new ArrayList<>();
        limiter.eventPublisher().subscribe(events::add);

        limiter.tryAcquire();
        limiter.tryAcquire();

        assertThat(events).containsExactly(new RateLimiterEvent.Permitted("search", 1, Duration.ZERO),
                new RateLimiterEvent.Rejected("search", 1));
    }

    @Test
    @DisplayName("many threads at one instant: exactly burstCapacity succeed")
    void concurrentExactlyBurst() throws Exception {
        // Given
        int burst = 100;
        int threads = 8;
        RateLimiter limiter = limiter().burstCapacity(burst).build();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 1_000; i++) {
                    if (limiter.tryAcquire()) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        // When
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Then
        assertThat(granted.get()).as("8,000 attempts, one instant: exactly the burst").isEqualTo(burst);
    }

    @Test
    @DisplayName("many threads while time moves: never grants more than burst + what was earned")
    void concurrentWhileTimeMoves() throws Exception {
        // Given
        RateLimiter limiter = limiter().burstCapacity(10).build();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    if (limiter.tryAcquire()) {
                        granted.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        // When: the clock moves 10 s in 1 ms steps while the threads ask
        start.countDown();
        for (int i = 0; i < 10_000; i++) {
            time.advance(Duration.ofMillis(1));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int left = Math.max(0, limiter.availablePermits());

        // Then
        assertThat(granted.get() + left).as("granted plus still in the bucket")
                .isLessThanOrEqualTo(10 + 100);
    }
}
