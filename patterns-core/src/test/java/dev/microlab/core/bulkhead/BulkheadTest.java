package dev.microlab.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@DisplayName("Bulkhead")
class BulkheadTest {

    @Test
    @DisplayName("lets maxConcurrentCalls permits out and refuses the next one without blocking")
    void limitsPermits() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(2).build();

        // When
        boolean first = bulkhead.tryAcquirePermission();
        boolean second = bulkhead.tryAcquirePermission();
        boolean third = bulkhead.tryAcquirePermission();

        // Then
        assertThat(List.of(first, second, third)).as("only the first two calls get a permit")
                .containsExactly(true, true, false);
        assertThat(bulkhead.availablePermits()).as("no permit left").isZero();
    }

    @Test
    @DisplayName("a released permit can be taken again")
    void releaseFreesPermit() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        bulkhead.acquirePermission();

        // When
        bulkhead.releasePermission();

        // Then
        assertThat(bulkhead.availablePermits()).as("the permit is back").isEqualTo(1);
        assertThat(bulkhead.tryAcquirePermission()).as("and can be taken again").isTrue();
    }

    @Test
    @DisplayName("releasing more permits than were taken is refused, so permits never exceed the limit")
    void overReleaseRefused() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(3).build();

        // When / Then
        assertThatThrownBy(bulkhead::releasePermission).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inventory");
        assertThat(bulkhead.availablePermits()).as("a bogus release must not add a permit").isEqualTo(3);
    }

    @Test
    @DisplayName("a full bulkhead with no maxWait rejects at once, naming itself and its limit")
    void failFast() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        bulkhead.acquirePermission();
        AtomicInteger ran = new AtomicInteger();

        // When / Then
        assertThatThrownBy(() -> bulkhead.executeRunnable(ran::incrementAndGet))
                .isInstanceOfSatisfying(BulkheadFullException.class, e -> {
                    assertThat(e.bulkheadName()).isEqualTo("inventory");
                    assertThat(e.maxConcurrentCalls()).isEqualTo(1);
                })
                .hasMessageContaining("inventory");
        assertThat(ran.get()).as("a rejected call must not run").isZero();
    }

    @Test
    @DisplayName("with maxWait, a waiting caller gets the permit another thread releases")
    void boundedWaitGetsReleasedPermit() throws Exception {
        // Given: a long maxWait, so only the release (not a timeout) can end the wait
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1)
                .maxWait(Duration.ofMinutes(5)).build();
        bulkhead.acquirePermission();
        CountDownLatch waiting = new CountDownLatch(1);
        bulkhead.eventPublisher().subscribe(e -> {
            if (e instanceof BulkheadEvent.CallPermitted) {
                waiting.countDown();
            }
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // When: the waiter is really waiting, then the permit comes back
            Future<String> waiter = pool.submit(() -> bulkhead.executeSupplier(() -> "done"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bulkhead.waitingCallers() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(bulkhead.waitingCallers()).as("the second caller waits for a permit").isEqualTo(1);
            assertThat(waiter).as("and has not got one yet").isNotDone();
            bulkhead.releasePermission();

            // Then
            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the waiter ran once the permit came back")
                    .isEqualTo("done");
            assertThat(waiting.await(10, TimeUnit.SECONDS)).as("the waiter was permitted").isTrue();
            assertThat(bulkhead.availablePermits()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(20)
    @DisplayName("a released permit goes to the queued blocking waiter, never to a tryAcquirePermission or async call")
    void queuedWaiterIsServedFirst() throws Exception {
        // Given: one permit, held; a blocking caller queued for it with a long maxWait
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1)
                .maxWait(Duration.ofMinutes(5)).build();
        bulkhead.acquirePermission();
        CountDownLatch checked = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> waiter = pool.submit(() -> bulkhead.executeSupplier(() -> {
                await(checked); // hold the permit until the checks below are done
                return "waiter";
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bulkhead.waitingCallers() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(bulkhead.waitingCallers()).as("the blocking caller is queued").isEqualTo(1);

            // When: the permit comes back and, at once, others try to take it without waiting
            bulkhead.releasePermission();
            boolean polled = bulkhead.tryAcquirePermission();
            CompletableFuture<String> async = bulkhead
                    .executeCompletionStage(() -> CompletableFuture.completedFuture("async")).toCompletableFuture();
            checked.countDown();

            // Then
            assertThat(polled).as("tryAcquirePermission must not jump the queue").isFalse();
            assertThat(async).as("an async call must not jump the queue").isCompletedExceptionally();
            assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the queued waiter got the permit").isEqualTo("waiter");
            assertThat(bulkhead.availablePermits()).isEqualTo(1);
        } finally {
            checked.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the test did not release the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("tryAcquirePermission on an interrupted thread takes a free permit and keeps the interrupt flag")
    void tryAcquireWhileInterrupted() {
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        Thread.currentThread().interrupt();
        try {
            assertThat(bulkhead.tryAcquirePermission()).as("a free permit is taken").isTrue();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("with maxWait, a waiting caller that gets no permit is rejected")
    void boundedWaitTimesOut() {
        // Given: a tiny wait; the outcome (rejection) does not depend on how long it really took
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1)
                .maxWait(Duration.ofNanos(1)).build();
        bulkhead.acquirePermission();

        // When / Then
        assertThatThrownBy(bulkhead::acquirePermission).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.availablePermits()).isZero();
    }

    @Test
    @DisplayName("an interrupted waiter is rejected and keeps its interrupt flag")
    void interruptedWaiter() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1)
                .maxWait(Duration.ofMinutes(5)).build();
        bulkhead.acquirePermission();
        Thread.currentThread().interrupt();

        // When / Then
        try {
            assertThatThrownBy(bulkhead::acquirePermission).isInstanceOf(BulkheadFullException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("a call that throws gives its permit back and its exception reaches the caller")
    void failingCallReleases() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();

        // When / Then
        assertThatThrownBy(() -> bulkhead.executeCallable(() -> {
            throw new IOException("boom");
        })).isInstanceOf(IOException.class).hasMessage("boom");
        assertThat(bulkhead.availablePermits()).as("permit back after a failure").isEqualTo(1);
    }

    @Test
    @DisplayName("decorate applies the bulkhead each time the decorated call runs")
    void decorate() throws Exception {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        AtomicInteger seenAvailable = new AtomicInteger(-1);
        var decorated = bulkhead.decorate(() -> {
            seenAvailable.set(bulkhead.availablePermits());
            return 42;
        });

        // When
        int result = decorated.get();

        // Then
        assertThat(result).isEqualTo(42);
        assertThat(seenAvailable.get()).as("the call ran holding the only permit").isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
    }

    @Test
    @DisplayName("an async call holds its permit until its stage completes")
    void asyncHoldsUntilComplete() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        CompletableFuture<String> pending = new CompletableFuture<>();

        // When
        CompletionStage<String> stage = bulkhead.executeCompletionStage(() -> pending);

        // Then
        assertThat(bulkhead.availablePermits()).as("held while pending").isZero();
        CompletionStage<String> rejected = bulkhead.executeCompletionStage(() -> pending);
        assertThatThrownBy(() -> rejected.toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BulkheadFullException.class);
        pending.complete("ok");
        assertThat(stage.toCompletableFuture().join()).isEqualTo("ok");
        assertThat(bulkhead.availablePermits()).as("released on completion").isEqualTo(1);
    }

    @Test
    @DisplayName("cancelling the returned stage cancels the call and gives its permit back")
    void cancelledAsyncCallReleases() {
        // Given: a bulkhead of one, held by an async call that has not completed
        Bulkhead bulkhead = Bulkhead.builder("async").maxConcurrentCalls(1).build();
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> stage = bulkhead.executeCompletionStage(() -> call);
        assertThat(bulkhead.availablePermits()).isZero();

        // When: the caller gives up on it, as a TimeLimiter does on a timeout
        stage.toCompletableFuture().cancel(true);

        // Then
        assertThat(call).as("the call's own stage is cancelled too").isCancelled();
        assertThat(bulkhead.availablePermits()).as("the permit is back").isEqualTo(1);
    }

    @Test
    @DisplayName("a time limiter that times out a call inside the bulkhead does not leak its permit")
    void timeLimiterAroundBulkheadReleases() {
        // Given: the order the resilience guide recommends, TimeLimiter(Bulkhead(call))
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        Bulkhead bulkhead = Bulkhead.builder("inner").maxConcurrentCalls(1).build();
        TimeLimiter limiter = TimeLimiter.builder("outer").timeout(Duration.ofSeconds(1))
                .scheduler(scheduler).build();
        CompletableFuture<String> neverDone = new CompletableFuture<>();
        CompletionStage<String> stage =
                limiter.executeCompletionStage(() -> bulkhead.executeCompletionStage(() -> neverDone));

        // When: the timeout fires
        scheduler.advance(Duration.ofSeconds(2));

        // Then
        assertThat(stage.toCompletableFuture()).as("the caller sees the timeout").isCompletedExceptionally();
        assertThat(bulkhead.availablePermits()).as("the timed-out call's permit is back").isEqualTo(1);
    }

    @Test
    @DisplayName("decorateAsync takes a permit each time the decorated call starts")
    void decorateAsync() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        CompletableFuture<String> pending = new CompletableFuture<>();
        var decorated = bulkhead.decorateAsync(() -> pending);

        // When
        CompletionStage<String> first = decorated.get();
        CompletionStage<String> second = decorated.get();

        // Then
        assertThatThrownBy(() -> second.toCompletableFuture().join())
                .as("the second start finds the only permit taken")
                .hasCauseInstanceOf(BulkheadFullException.class);
        pending.complete("ok");
        assertThat(first.toCompletableFuture().join()).isEqualTo("ok");
        assertThat(bulkhead.availablePermits()).isEqualTo(1);
    }

    @Test
    @DisplayName("an async supplier that throws or returns null gives its permit back")
    void asyncSupplierFailureReleases() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();

        // When
        CompletionStage<String> thrown = bulkhead.executeCompletionStage(() -> {
            throw new IllegalStateException("no connection");
        });
        CompletionStage<String> nulled = bulkhead.executeCompletionStage(() -> null);

        // Then
        assertThatThrownBy(() -> thrown.toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> nulled.toCompletableFuture().join())
                .hasCauseInstanceOf(NullPointerException.class);
        assertThat(bulkhead.availablePermits()).as("both permits came back").isEqualTo(1);
    }

    @Test
    @DisplayName("publishes permitted, rejected and finished events in order")
    void events() {
        // Given
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(1).build();
        List<BulkheadEvent> seen = new ArrayList<>();
        bulkhead.eventPublisher().subscribe(seen::add);

        // When
        bulkhead.tryAcquirePermission();
        bulkhead.tryAcquirePermission();
        bulkhead.releasePermission();

        // Then
        assertThat(seen).containsExactly(new BulkheadEvent.CallPermitted("inventory"),
                new BulkheadEvent.CallRejected("inventory"), new BulkheadEvent.CallFinished("inventory"));
    }

    @Test
    @DisplayName("thousands of concurrent calls, many failing, never exceed the limit and leak no permit")
    void noLeakUnderConcurrency() throws Exception {
        // Given
        int max = 4;
        int threads = 8;
        int callsPerThread = 2_000;
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(max)
                .maxWait(Duration.ofMillis(1)).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < callsPerThread; i++) {
                    int call = i;
                    try {
                        if (call % 3 == 0) {
                            bulkhead.executeCompletionStage(() -> {
                                track(running, maxSeen);
                                running.decrementAndGet();
                                if (call % 2 == 0) {
                                    throw new IllegalStateException("async boom");
                                }
                                return CompletableFuture.completedFuture(call);
                            });
                        } else {
                            bulkhead.executeSupplier(() -> {
                                track(running, maxSeen);
                                try {
                                    if ((call + thread) % 2 == 0) {
                                        throw new IllegalStateException("boom");
                                    }
                                    return call;
                                } finally {
                                    running.decrementAndGet();
                                }
                            });
                        }
                    } catch (IllegalStateException | BulkheadFullException expected) {
                        // failures and rejections are part of the load
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
        assertThat(maxSeen.get()).as("never more than %d calls in flight", max).isBetween(1, max);
        assertThat(bulkhead.availablePermits()).as("every permit came back").isEqualTo(max);
    }

    private static void track(AtomicInteger running, AtomicInteger maxSeen) {
        int now = running.incrementAndGet();
        maxSeen.accumulateAndGet(now, Math::max);
    }
}
