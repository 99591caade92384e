package dev.microlab.core.timeout;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimeLimiter")
class TimeLimiterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    private TimeLimiter.Builder limiter() {
        return TimeLimiter.builder("shipping").timeout(TIMEOUT).scheduler(scheduler).executor(worker);
    }

    // --- asynchronous -------------------------------------------------------------------------

    @Test
    @DisplayName("async: a call that completes in time passes its value on and cancels the timer")
    void asyncInTime() {
        // Given
        TimeLimiter limiter = limiter().build();
        CompletableFuture<String> call = new CompletableFuture<>();

        // When
        CompletableFuture<String> result = limiter.executeCompletionStage(() -> call).toCompletableFuture();
        scheduler.advance(TIMEOUT.minusNanos(1));
        call.complete("quote");

        // Then
        assertThat(result).isCompletedWithValue("quote");
        assertThat(scheduler.pendingTasks()).as("the timer is cancelled").isZero();
    }

    @Test
    @DisplayName("async: when the timeout fires first, fails with TimeoutExceededException and cancels the call")
    void asyncTimesOut() {
        // Given
        TimeLimiter limiter = limiter().build();
        CompletableFuture<String> call = new CompletableFuture<>();

        // When
        CompletableFuture<String> result = limiter.executeCompletionStage(() -> call).toCompletableFuture();
        scheduler.advance(TIMEOUT.minusNanos(1));
        assertThat(result).as("not yet").isNotDone();
        scheduler.advance(Duration.ofNanos(1));

        // Then
        assertThat(result.handle((v, e) -> e).join()).isInstanceOfSatisfying(TimeoutExceededException.class, e -> {
            assertThat(e.timeLimiterName()).isEqualTo("shipping");
            assertThat(e.timeout()).isEqualTo(TIMEOUT);
        }).hasMessageContaining("shipping").hasMessageContaining("PT2S");
        assertThat(call).as("the late call is cancelled").isCancelled();
    }

    @Test
    @DisplayName("async: with cancelRunningFuture false, the late call is left running")
    void asyncNoCancel() {
        TimeLimiter limiter = limiter().cancelRunningFuture(false).build();
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = limiter.executeCompletionStage(() -> call).toCompletableFuture();
        scheduler.advance(TIMEOUT);

        assertThat(result).isCompletedExceptionally();
        assertThat(call).as("not cancelled").isNotDone();
    }

    @Test
    @DisplayName("async: a late result after the timeout is ignored")
    void asyncLateResultIgnored() {
        TimeLimiter limiter = limiter().cancelRunningFuture(false).build();
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = limiter.executeCompletionStage(() -> call).toCompletableFuture();
        scheduler.advance(TIMEOUT);

        call.complete("too late");

        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(TimeoutExceededException.class);
    }

    @Test
    @DisplayName("async: a failure within the timeout is passed on unwrapped")
    void asyncFailure() {
        TimeLimiter limiter = limiter().build();

        CompletableFuture<String> result = limiter.<String>executeCompletionStage(
                () -> CompletableFuture.failedFuture(new IOException("refused"))).toCompletableFuture();

        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(IOException.class).hasMessage("refused");
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    @DisplayName("async: a supplier that throws or returns null gives a failed stage")
    void asyncSupplierFails() {
        TimeLimiter limiter = limiter().build();

        CompletableFuture<String> thrown = limiter.<String>executeCompletionStage(() -> {
            throw new IllegalStateException("no client");
        }).toCompletableFuture();
        CompletableFuture<String> nulled = limiter.<String>executeCompletionStage(() -> null).toCompletableFuture();

        assertThat(thrown.handle((v, e) -> e).join()).isInstanceOf(IllegalStateException.class);
        assertThat(nulled.handle((v, e) -> e).join()).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("async: decorateAsync applies the timeout each time the decorated call runs")
    void decorateAsync() {
        TimeLimiter limiter = limiter().build();

        CompletableFuture<String> result = limiter.decorateAsync(CompletableFuture<String>::new).get()
                .toCompletableFuture();
        scheduler.advance(TIMEOUT);

        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(TimeoutExceededException.class);
    }

    @Test
    @DisplayName("publishes succeeded, failed and timed-out events")
    void events() {
        TimeLimiter limiter = limiter().build();
        List<TimeLimiterEvent> events = new ArrayList<>();
        limiter.eventPublisher().subscribe(events::add);
        IOException refused = new IOException("refused");

        limiter.executeCompletionStage(() -> CompletableFuture.completedFuture("ok"));
        limiter.<String>executeCompletionStage(() -> CompletableFuture.failedFuture(refused));
        limiter.executeCompletionStage(CompletableFuture::new);
        scheduler.advance(TIMEOUT);

        assertThat(events).containsExactly(new TimeLimiterEvent.Succeeded("shipping"),
                new TimeLimiterEvent.Failed("shipping", refused),
                new TimeLimiterEvent.TimedOut("shipping", TIMEOUT, true));
    }

    // --- blocking -----------------------------------------------------------------------------

    @Test
    @DisplayName("blocking: returns the call's value, computed on the configured executor")
    void blockingInTime() throws Exception {
        TimeLimiter limiter = limiter().timeout(Duration.ofMinutes(5)).build();

        String thread = limiter.executeCallable(() -> Thread.currentThread().getName());

        assertThat(thread).as("ran on the configured executor").isEqualTo("test-worker");
    }

    @Test
    @DisplayName("blocking: the call's own exception reaches the caller unwrapped")
    void blockingFailure() {
        TimeLimiter limiter = limiter().timeout(Duration.ofMinutes(5)).build();

        assertThatThrownBy(() -> limiter.executeCallable(() -> {
            throw new IOException("refused");
        })).isInstanceOf(IOException.class).hasMessage("refused");
    }

    /**
     * An executor whose execute() returns only once the call has started on the worker, so that
     * even a 1 ms timeout finds the call running: the test does not depend on thread timing.
     */
    private Executor startedBeforeReturning(CountDownLatch started) {
        return command -> {
            worker.execute(command);
            try {
                if (!started.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the call did not start within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    @DisplayName("blocking: a hung call times out and its worker is interrupted")
    void blockingTimesOutAndInterrupts() throws Exception {
        // Given: a call that blocks until interrupted, already running when the wait begins
        CountDownLatch started = new CountDownLatch(1);
        TimeLimiter limiter = limiter().timeout(Duration.ofMillis(1))
                .executor(startedBeforeReturning(started)).build();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);

        // When / Then
        assertThatThrownBy(() -> limiter.executeCallable(() -> {
            started.countDown();
            try {
                never.await();
                return "released";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        })).isInstanceOf(TimeoutExceededException.class);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
    }

    @Test
    @DisplayName("blocking: with cancelRunningFuture false, the worker is not interrupted")
    void blockingNoCancel() throws Exception {
        // Given
        CountDownLatch started = new CountDownLatch(1);
        TimeLimiter limiter = limiter().timeout(Duration.ofMillis(1)).cancelRunningFuture(false)
                .executor(startedBeforeReturning(started)).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean wasInterrupted = new AtomicBoolean();

        // When
        assertThatThrownBy(() -> limiter.executeCallable(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                wasInterrupted.set(true);
            }
            finished.countDown();
            return "late";
        })).isInstanceOf(TimeoutExceededException.class);
        release.countDown();

        // Then
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wasInterrupted.get()).as("left running, not interrupted").isFalse();
    }

    @Test
    @DisplayName("blocking: an interrupted caller cancels the call and keeps its interrupt flag")
    void blockingCallerInterrupted() throws Exception {
        TimeLimiter limiter = limiter().timeout(Duration.ofMinutes(5)).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch workerInterrupted = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                limiter.executeCallable(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        workerInterrupted.countDown();
                    }
                    return null;
                });
            } catch (Exception e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(flagKept.get()).as("interrupt flag kept").isTrue();
        assertThat(workerInterrupted.await(10, TimeUnit.SECONDS)).as("call cancelled").isTrue();
    }

    @Test
    @DisplayName("decorate runs the call under the time limit")
    void decorate() throws Exception {
        TimeLimiter limiter = limiter().timeout(Duration.ofMinutes(5)).build();

        assertThat(limiter.decorate(() -> 7).get()).isEqualTo(7);
    }

    @Test
    @DisplayName("async: a scheduler that refuses the timer fails the stage with its exception, and the call never starts")
    void asyncSchedulerRefuses() {
        // Given: the executor behind the scheduler was shut down (application shutdown)
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        executor.shutdown();
        TimeLimiter limiter = limiter().scheduler(Scheduler.of(executor)).build();
        AtomicBoolean started = new AtomicBoolean();

        // When
        CompletableFuture<String> result = limiter.<String>executeCompletionStage(() -> {
            started.set(true);
            return new CompletableFuture<>();
        }).toCompletableFuture();

        // Then
        assertThat(result.handle((r, e) -> e).join()).as("the stage fails with the scheduler's refusal")
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(started).as("a call that could never time out must not start").isFalse();
    }

    @Test
    @DisplayName("async: a timeout too long for nanoseconds counts as forever; calls run and complete")
    void hugeTimeout() {
        // Given: the default (real) scheduler, which used to compute the delay in nanoseconds exactly
        TimeLimiter limiter = TimeLimiter.builder("shipping").timeout(Duration.ofSeconds(Long.MAX_VALUE)).build();

        // When
        CompletableFuture<String> result = limiter
                .executeCompletionStage(() -> CompletableFuture.completedFuture("quote")).toCompletableFuture();

        // Then
        assertThat(result).isCompletedWithValue("quote");
    }

    @Test
    @DisplayName("async: cancelling the returned stage cancels the call at once and removes the timer")
    void asyncCancelReachesCall() {
        // Given
        TimeLimiter limiter = limiter().build();
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> result = limiter.executeCompletionStage(() -> call).toCompletableFuture();

        // When
        result.cancel(true);

        // Then
        assertThat(call).as("the call is cancelled with its caller").isCancelled();
        assertThat(scheduler.pendingTasks()).as("the timer is removed").isZero();
    }
}
