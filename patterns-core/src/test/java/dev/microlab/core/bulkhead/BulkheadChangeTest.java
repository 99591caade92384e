package dev.microlab.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

@DisplayName("Bulkhead: changing maxConcurrentCalls at run time")
class BulkheadChangeTest {

    @Test
    @DisplayName("lowering the limit below the calls in flight hands no permit out until fewer than the new limit run")
    void lowerWhileInFlight() {
        // Given: 4 calls hold the 4 permits
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(4).build();
        for (int i = 0; i < 4; i++) {
            bulkhead.acquirePermission();
        }

        // When
        bulkhead.changeMaxConcurrentCalls(2);

        // Then
        assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(2);
        assertThat(bulkhead.availablePermits()).as("2 calls more than the new limit still run").isEqualTo(-2);
        bulkhead.releasePermission();
        bulkhead.releasePermission();
        assertThat(bulkhead.tryAcquirePermission()).as("2 still run: the new limit is reached").isFalse();
        bulkhead.releasePermission();
        assertThat(bulkhead.tryAcquirePermission()).as("1 runs: one more may start").isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "x")).isInstanceOf(BulkheadFullException.class)
                .hasMessageContaining("all 2 permits");
    }

    @Test
    @DisplayName("raising the limit frees the extra permits at once, also to a queued waiter")
    void raise() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).maxWait(Duration.ofMinutes(5)).build();
        bulkhead.acquirePermission();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> waiter = pool.submit(() -> bulkhead.executeSupplier(() -> "ran"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bulkhead.waitingCallers() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            bulkhead.changeMaxConcurrentCalls(3);

            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the waiter got one of the new permits").isEqualTo("ran");
            assertThat(bulkhead.availablePermits()).as("3 - the one still held").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("under 8 threads and repeated changes, never more calls run than the largest limit, and permits add up after")
    void concurrentChanges() throws Exception {
        // Given: 8 threads making calls while the limit moves between 1 and 3
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(3).build();
        int threads = 8;
        int[] limits = {1, 3, 2, 1, 3, 2, 3, 1, 2};
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CountDownLatch changesDone = new CountDownLatch(1);
        CountDownLatch callsRunning = new CountDownLatch(threads); // every caller got a permit once
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    boolean counted = false;
                    while (changesDone.getCount() > 0 || !counted) {
                        if (bulkhead.tryAcquirePermission()) {
                            if (!counted) {
                                counted = true;
                                callsRunning.countDown();
                            }
                            int now = running.incrementAndGet();
                            most.accumulateAndGet(now, Math::max);
                            if (now > 3) {
                                overLimit.incrementAndGet();
                            }
                            running.decrementAndGet();
                            bulkhead.releasePermission();
                        }
                    }
                    return null;
                }));
            }
            start.await();
            // the changes race real calls, not an idle bulkhead (on a loaded machine the callers may
            // not have been scheduled yet)
            assertThat(callsRunning.await(30, TimeUnit.SECONDS)).as("every caller made a call").isTrue();

            // When
            for (int round = 0; round < 200; round++) {
                bulkhead.changeMaxConcurrentCalls(limits[round % limits.length]);
            }
            bulkhead.changeMaxConcurrentCalls(2);
            changesDone.countDown();
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }

            // Then
            assertThat(overLimit).as("never more calls than the largest limit in effect").hasValue(0);
            assertThat(most.get()).as("calls did run concurrently").isBetween(1, 3);
            assertThat(bulkhead.availablePermits()).as("every permit is back, at the final limit").isEqualTo(2);
            assertThat(bulkhead.config().maxConcurrentCalls()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("each change publishes LimitChanged with a sequence number that orders the changes, even from racing threads")
    void eventsCarrySequence() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(5).build();
        List<BulkheadEvent.LimitChanged> changes = new CopyOnWriteArrayList<>();
        bulkhead.eventPublisher().subscribe(e -> {
            if (e instanceof BulkheadEvent.LimitChanged changed) {
                changes.add(changed);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        try {
            List<Future<?>> changers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int limit = t + 1;
                changers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        bulkhead.changeMaxConcurrentCalls(limit + (i % 3));
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

        List<BulkheadEvent.LimitChanged> ordered = new ArrayList<>(changes);
        ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        assertThat(ordered).extracting(BulkheadEvent.LimitChanged::sequence).as("1..200, no gap, no repeat")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i).oldMaxConcurrentCalls()).as("sorted by sequence, the changes chain up")
                    .isEqualTo(ordered.get(i - 1).newMaxConcurrentCalls());
        }
        assertThat(ordered.get(ordered.size() - 1).newMaxConcurrentCalls()).as("the last is the limit in effect")
                .isEqualTo(bulkhead.maxConcurrentCalls());
        assertThat(bulkhead.availablePermits()).isEqualTo(bulkhead.maxConcurrentCalls());
    }

    @Test
    @DisplayName("lowering 3 -> 1 under 8 threads: never more than 3 calls run, and once the extra calls finished, never more than 1")
    void lowerUnderLoad() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(3).build();
        int threads = 8;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger aboveOld = new AtomicInteger();
        AtomicInteger aboveNewAfterSettling = new AtomicInteger();
        AtomicInteger callsAfterSettling = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    while (!stop.get()) {
                        boolean afterSettling = settled.get(); // read before asking for a permit
                        if (bulkhead.tryAcquirePermission()) {
                            int now = running.incrementAndGet();
                            if (now > 3) {
                                aboveOld.incrementAndGet();
                            }
                            if (afterSettling) {
                                callsAfterSettling.incrementAndGet();
                                if (now > 1) {
                                    aboveNewAfterSettling.incrementAndGet();
                                }
                            }
                            for (int spin = 0; spin < 20; spin++) {
                                Thread.onSpinWait();
                            }
                            running.decrementAndGet();
                            bulkhead.releasePermission();
                        }
                    }
                    return null;
                }));
            }
            start.await();

            // When: the limit drops while calls run; "settled" once the calls above the new limit finished
            bulkhead.changeMaxConcurrentCalls(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bulkhead.availablePermits() < 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            settled.set(true);
            while (callsAfterSettling.get() < 2_000 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            stop.set(true);
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }

            // Then
            assertThat(callsAfterSettling.get()).as("calls kept running after the change").isGreaterThan(0);
            assertThat(aboveOld).as("never more than the old limit").hasValue(0);
            assertThat(aboveNewAfterSettling).as("never more than the new limit once the extra calls finished")
                    .hasValue(0);
            assertThat(bulkhead.availablePermits()).isEqualTo(1);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
