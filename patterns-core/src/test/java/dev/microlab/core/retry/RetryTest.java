package dev.microlab.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retry")
class RetryTest {

    private static final Duration WAIT = Duration.ofSeconds(1);

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final AtomicInteger calls = new AtomicInteger();

    private Retry.Builder retry() {
        return Retry.builder("payments").backoff(Backoff.fixed(WAIT))
                .timeSource(time).sleeper(time.sleeper()).scheduler(scheduler);
    }

    /** Fails {@code failures} times with an IOException, then returns "ok". */
    private String flaky(int failures) throws IOException {
        if (calls.incrementAndGet() <= failures) {
            throw new IOException("failure " + calls.get());
        }
        return "ok";
    }

    @Test
    @DisplayName("returns the result once an attempt succeeds, waiting the backoff between attempts")
    void succeedsAfterFailures() throws Exception {
        // Given
        Retry retry = retry().maxAttempts(3).build();

        // When
        String result = retry.executeCallable(() -> flaky(2));

        // Then
        assertThat(result).isEqualTo("ok");
        assertThat(calls.get()).as("two failures, then success").isEqualTo(3);
        assertThat(time.elapsed()).as("the sleeper waited the backoff twice").isEqualTo(WAIT.multipliedBy(2));
    }

    @Test
    @DisplayName("stops exactly at maxAttempts and rethrows the last exception")
    void stopsAtMaxAttempts() {
        // Given
        Retry retry = retry().maxAttempts(4).build();

        // When / Then
        assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100)))
                .isInstanceOf(IOException.class).hasMessage("failure 4");
        assertThat(calls.get()).as("exactly maxAttempts calls").isEqualTo(4);
    }

    @Test
    @DisplayName("maxAttempts 1 means a single call and no wait")
    void singleAttempt() {
        Retry retry = retry().maxAttempts(1).build();

        assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100))).isInstanceOf(IOException.class);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("never starts an attempt whose backoff would end after maxDuration")
    void stopsAtMaxDuration() {
        // Given: attempts at 0s, 10s, 20s; a fourth would start at 30s > 25s
        Retry retry = retry().maxAttempts(100).backoff(Backoff.fixed(Duration.ofSeconds(10)))
                .maxDuration(Duration.ofSeconds(25)).build();

        // When / Then
        assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100))).isInstanceOf(IOException.class);
        assertThat(calls.get()).as("the time budget, not maxAttempts, stopped it").isEqualTo(3);
        assertThat(time.elapsed()).as("no wait was started past the budget").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("an attempt that would start exactly at maxDuration still runs")
    void maxDurationBoundaryInclusive() throws Exception {
        Retry retry = retry().maxAttempts(100).backoff(Backoff.fixed(Duration.ofSeconds(10)))
                .maxDuration(Duration.ofSeconds(20)).build();

        String result = retry.executeCallable(() -> flaky(2));

        assertThat(result).isEqualTo("ok");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("passes the previous delay to the backoff and sleeps what it returns")
    void usesBackoff() throws Exception {
        // Given
        List<Duration> previousSeen = new ArrayList<>();
        Retry retry = retry().maxAttempts(4).backoff((attempt, previous) -> {
            previousSeen.add(previous);
            return Duration.ofSeconds(attempt * 10L);
        }).build();

        // When
        retry.executeCallable(() -> flaky(3));

        // Then
        assertThat(previousSeen).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(time.elapsed()).as("10 + 20 + 30 seconds").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("an exception not matching retryOnException is thrown at once")
    void retryOnExceptionFilters() {
        // Given
        Retry retry = retry().retryOnException(e -> e instanceof IllegalStateException).build();
        List<RetryEvent> events = new ArrayList<>();
        retry.eventPublisher().subscribe(events::add);

        // When / Then
        assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100))).isInstanceOf(IOException.class);
        assertThat(calls.get()).as("IOException is not retried").isEqualTo(1);
        assertThat(events).singleElement().isInstanceOf(RetryEvent.IgnoredError.class);
    }

    @Test
    @DisplayName("by default an Error is not retried")
    void errorsNotRetried() {
        Retry retry = retry().build();

        assertThatThrownBy(() -> retry.executeRunnable(() -> {
            calls.incrementAndGet();
            throw new AssertionError("bug");
        })).isInstanceOf(AssertionError.class);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    @DisplayName("an exception matching abortOn stops at once, even if it is retryable")
    void abortOn() {
        // Given
        Retry retry = retry().maxAttempts(5).abortOn(e -> e.getMessage().equals("failure 2")).build();
        List<RetryEvent> events = new ArrayList<>();
        retry.eventPublisher().subscribe(events::add);

        // When / Then
        assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100))).hasMessage("failure 2");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(events.get(events.size() - 1)).isInstanceOf(RetryEvent.Aborted.class);
    }

    @Test
    @DisplayName("a result matching retryOnResult is retried, and a later good result returned")
    void retryOnResultRetries() {
        // Given
        Retry retry = retry().maxAttempts(5).retryOnResult("busy"::equals).build();

        // When
        String result = retry.executeSupplier(() -> calls.incrementAndGet() < 3 ? "busy" : "done");

        // Then
        assertThat(result).isEqualTo("done");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("when exhausted on a matching result, the last result is returned")
    void retryOnResultExhaustedReturnsLast() {
        // Given
        Retry retry = retry().maxAttempts(3).retryOnResult("busy"::equals).build();
        List<RetryEvent> events = new ArrayList<>();
        retry.eventPublisher().subscribe(events::add);

        // When
        String result = retry.executeSupplier(() -> {
            calls.incrementAndGet();
            return "busy";
        });

        // Then
        assertThat(result).isEqualTo("busy");
        assertThat(calls.get()).isEqualTo(3);
        assertThat(events.get(events.size() - 1)).isEqualTo(new RetryEvent.Exhausted("payments", 3, null));
    }

    @Test
    @DisplayName("publishes one event per decision")
    void events() throws Exception {
        // Given
        Retry retry = retry().maxAttempts(3).build();
        List<RetryEvent> events = new ArrayList<>();
        retry.eventPublisher().subscribe(events::add);

        // When
        retry.executeCallable(() -> flaky(2));

        // Then
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(RetryEvent.RetryScheduled.class, e -> {
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.delay()).isEqualTo(WAIT);
            assertThat(e.cause()).hasMessage("failure 1");
        });
        assertThat(events.get(1)).isInstanceOf(RetryEvent.RetryScheduled.class);
        assertThat(events.get(2)).isEqualTo(new RetryEvent.Succeeded("payments", 3));
    }

    @Test
    @DisplayName("an interrupted wait stops retrying, keeps the interrupt flag and throws the last failure")
    void interruptedWait() {
        // Given
        Retry retry = retry().sleeper(d -> {
            throw new InterruptedException("stop");
        }).build();

        // When / Then
        try {
            assertThatThrownBy(() -> retry.executeCallable(() -> flaky(100)))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @DisplayName("decorate retries each time the decorated call runs")
    void decorate() throws Exception {
        Retry retry = retry().maxAttempts(2).build();

        String result = retry.decorate(() -> flaky(1)).get();

        assertThat(result).isEqualTo("ok");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("one retry shared by many threads keeps each call's attempts separate")
    void concurrentCallsAreIndependent() throws Exception {
        // Given
        Retry retry = retry().maxAttempts(3).build();
        AtomicInteger scheduled = new AtomicInteger();
        retry.eventPublisher().subscribe(e -> {
            if (e instanceof RetryEvent.RetryScheduled) {
                scheduled.incrementAndGet();
            }
        });
        int threads = 8;
        int callsPerThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < callsPerThread; i++) {
                    AtomicInteger attempts = new AtomicInteger();
                    String result = retry.executeCallable(() -> {
                        if (attempts.incrementAndGet() < 3) {
                            throw new IOException("transient");
                        }
                        return "ok";
                    });
                    if (result.equals("ok") && attempts.get() == 3) {
                        ok++;
                    }
                }
                return ok;
            }));
        }

        // When
        start.countDown();
        int ok = 0;
        for (Future<Integer> f : futures) {
            ok += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Then
        assertThat(ok).as("every call succeeded on exactly its third attempt").isEqualTo(threads * callsPerThread);
        assertThat(scheduled.get()).as("two retries per call").isEqualTo(2 * threads * callsPerThread);
    }

    // --- asynchronous -------------------------------------------------------------------------

    private CompletionStage<String> asyncFlaky(int failures) {
        if (calls.incrementAndGet() <= failures) {
            return CompletableFuture.failedFuture(new IOException("failure " + calls.get()));
        }
        return CompletableFuture.completedFuture("ok");
    }

    @Test
    @DisplayName("async: schedules each retry on the scheduler after the backoff delay")
    void asyncRetriesOnScheduler() {
        // Given
        Retry retry = retry().maxAttempts(3).build();

        // When
        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(2)).toCompletableFuture();

        // Then
        assertThat(calls.get()).as("first attempt runs at once").isEqualTo(1);
        assertThat(scheduler.pendingDelays()).as("second attempt waits the backoff").containsExactly(WAIT);
        scheduler.advance(WAIT.minusNanos(1));
        assertThat(calls.get()).as("not before the backoff is over").isEqualTo(1);
        scheduler.advance(Duration.ofNanos(1));
        assertThat(calls.get()).isEqualTo(2);
        scheduler.advance(WAIT);
        assertThat(result).isCompletedWithValue("ok");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("async: exhaustion fails the stage with the last exception, unwrapped")
    void asyncExhausted() {
        // Given
        Retry retry = retry().maxAttempts(2).build();

        // When
        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(100)).toCompletableFuture();
        scheduler.advance(Duration.ofMinutes(1));

        // Then
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((r, e) -> e).join()).isInstanceOf(IOException.class).hasMessage("failure 2");
        assertThat(scheduler.pendingTasks()).as("nothing left scheduled").isZero();
    }

    @Test
    @DisplayName("async: a supplier that throws or returns null counts as a failed attempt")
    void asyncSupplierThrows() {
        // Given
        Retry retry = retry().maxAttempts(3).build();

        // When
        CompletableFuture<String> result = retry.<String>executeCompletionStage(() -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("no connection");
            }
            return n == 2 ? null : CompletableFuture.completedFuture("ok");
        }).toCompletableFuture();
        scheduler.advance(Duration.ofMinutes(1));

        // Then
        assertThat(result).isCompletedWithValue("ok");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    @DisplayName("async: cancelling the returned stage stops further attempts")
    void asyncCancel() {
        Retry retry = retry().maxAttempts(5).build();

        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(100)).toCompletableFuture();
        result.cancel(false);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(calls.get()).as("no attempt after cancellation").isEqualTo(1);
    }

    @Test
    @DisplayName("async: maxDuration is measured on the time source")
    void asyncMaxDuration() {
        Retry retry = retry().maxAttempts(100).maxDuration(Duration.ofSeconds(5)).build();

        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(100)).toCompletableFuture();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(result).isCompletedExceptionally();
        assertThat(calls.get()).as("attempts at 0..5 s").isEqualTo(6);
    }

    @Test
    @DisplayName("async: decorateAsync retries each time the decorated call runs")
    void decorateAsync() {
        Retry retry = retry().maxAttempts(2).build();

        CompletableFuture<String> result = retry.decorateAsync(() -> asyncFlaky(1)).get().toCompletableFuture();
        scheduler.advance(WAIT);

        assertThat(result).isCompletedWithValue("ok");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    @DisplayName("async without a scheduler fails with a message saying how to fix it")
    void asyncNeedsScheduler() {
        Retry retry = Retry.builder("payments").build();

        assertThatThrownBy(() -> retry.executeCompletionStage(() -> asyncFlaky(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payments").hasMessageContaining("scheduler(");
        assertThat(calls.get()).as("the call must not start").isZero();
    }

    @Test
    @DisplayName("async: a scheduler that refuses the next attempt fails the stage with its exception instead of hanging")
    void asyncSchedulerRefuses() {
        // Given: the executor behind the scheduler was shut down (application shutdown)
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        executor.shutdown();
        Retry retry = retry().maxAttempts(3).scheduler(Scheduler.of(executor)).build();

        // When
        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(100)).toCompletableFuture();

        // Then
        assertThat(result).as("the stage must not stay pending forever").isDone();
        assertThat(result.handle((r, e) -> e).join()).as("it fails with the scheduler's refusal")
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(calls.get()).as("only the first attempt ran").isEqualTo(1);
    }

    @Test
    @DisplayName("a custom backoff returning a huge delay with maxDuration ends the retry with the call's own exception")
    void hugeBackoffWithMaxDuration() {
        // Given
        Retry retry = retry().maxAttempts(3).maxDuration(Duration.ofMinutes(1))
                .backoff((attempt, previous) -> Duration.ofSeconds(Long.MAX_VALUE)).build();

        // When / Then: each attempt takes a second, so elapsed + delay exceeds Duration's range
        assertThatThrownBy(() -> retry.executeCallable(() -> {
            time.advance(Duration.ofSeconds(1));
            return flaky(100);
        })).as("the call's exception, not an ArithmeticException from the time budget")
                .isInstanceOf(IOException.class).hasMessage("failure 1");
        CompletableFuture<String> async = retry.executeCompletionStage(() -> {
            time.advance(Duration.ofSeconds(1));
            return asyncFlaky(100);
        }).toCompletableFuture();
        assertThat(async.handle((r, e) -> e).join()).isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("async: cancelling the returned stage cancels the attempt in flight")
    void asyncCancelReachesAttempt() {
        // Given: the second attempt is in flight and never completes on its own
        Retry retry = retry().maxAttempts(3).build();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> result = retry.<String>executeCompletionStage(() -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IOException("first")) : second).toCompletableFuture();
        scheduler.advance(WAIT);
        assertThat(calls.get()).as("the second attempt started").isEqualTo(2);

        // When
        result.cancel(true);

        // Then
        assertThat(second).as("the attempt in flight is cancelled").isCancelled();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(calls.get()).as("and no further attempt starts").isEqualTo(2);
    }

    @Test
    @DisplayName("async: cancelling the returned stage while waiting the backoff removes the scheduled attempt")
    void asyncCancelRemovesScheduledAttempt() {
        Retry retry = retry().maxAttempts(3).build();
        CompletableFuture<String> result = retry.executeCompletionStage(() -> asyncFlaky(100)).toCompletableFuture();
        assertThat(scheduler.pendingTasks()).as("the next attempt is scheduled").isEqualTo(1);

        result.cancel(true);

        assertThat(scheduler.pendingTasks()).as("the scheduled attempt is removed").isZero();
        assertThat(calls.get()).isEqualTo(1);
    }
}
