package dev.microlab.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one rule every policy of patterns-core follows for what a call throws (stated in
 * {@link Policy}'s Javadoc), checked for each policy.
 */
@DisplayName("Every policy handles what a call throws by the same rule")
class FailureRuleTest {

    /** A policy under test, with its executeSupplier and a way to let scheduled work run. */
    record Subject(String name, Policy policy, Function<Supplier<String>, String> executeSupplier,
                   ManualScheduler scheduler) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Subject> policies() {
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        Retry retry = Retry.builder("retry").maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1)))
                .timeSource(time).sleeper(time.sleeper()).scheduler(scheduler).build();
        Bulkhead bulkhead = Bulkhead.builder("bulkhead").maxConcurrentCalls(2).build();
        RateLimiter limiter = RateLimiter.builder("rate-limiter").rate(100, Duration.ofSeconds(1))
                .timeSource(time).sleeper(time.sleeper()).build();
        TimeLimiter timeLimiter = TimeLimiter.builder("time-limiter").timeout(Duration.ofSeconds(5))
                .scheduler(scheduler).executor(Runnable::run).build();
        return List.of(
                new Subject("Retry", retry, retry::executeSupplier, scheduler),
                new Subject("Bulkhead", bulkhead, bulkhead::executeSupplier, scheduler),
                new Subject("RateLimiter", limiter, limiter::executeSupplier, scheduler),
                new Subject("TimeLimiter", timeLimiter, call -> {
                    try {
                        return timeLimiter.executeCallable(call::get);
                    } catch (Exception e) {
                        throw sneaky(e);
                    }
                }, scheduler));
    }

    /** Throws {@code t} even if it is checked, without declaring it: what Lombok's @SneakyThrows does. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private static Throwable failureOf(CompletionStage<String> stage, ManualScheduler scheduler) {
        scheduler.advance(Duration.ofMinutes(1)); // lets a retry run its remaining attempts
        CompletableFuture<String> future = stage.toCompletableFuture();
        assertThat(future).as("the stage is complete").isDone();
        return future.handle((result, failure) -> failure).join();
    }

    /** An Error the call itself throws (a failed assertion, a linkage error). */
    static final class CallError extends Error {
        private static final long serialVersionUID = 1L;

        CallError(String message) {
            super(message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @DisplayName("async: a checked exception thrown sneakily by the supplier fails the stage, it is not thrown")
    void asyncSneakyChecked(Subject subject) {
        Supplier<CompletionStage<String>> call = () -> {
            throw sneaky(new IOException("connection reset"));
        };

        CompletionStage<String> stage = subject.policy().decorateAsync(call).get();

        assertThat(failureOf(stage, subject.scheduler())).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @DisplayName("async: an Error thrown by the supplier fails the stage, it is not thrown")
    void asyncError(Subject subject) {
        Supplier<CompletionStage<String>> call = () -> {
            throw new CallError("bad class version");
        };

        CompletionStage<String> stage = subject.policy().decorateAsync(call).get();

        assertThat(failureOf(stage, subject.scheduler())).isInstanceOf(CallError.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @DisplayName("async: a VirtualMachineError thrown by the supplier is rethrown at once")
    void asyncVirtualMachineError(Subject subject) {
        Supplier<CompletionStage<String>> call = () -> {
            throw new StackOverflowError("deep");
        };

        assertThatThrownBy(() -> subject.policy().decorateAsync(call).get())
                .isInstanceOf(StackOverflowError.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @DisplayName("blocking: a checked exception thrown sneakily reaches the caller of executeSupplier unchanged")
    void blockingSneakyChecked(Subject subject) {
        IOException reset = new IOException("connection reset");

        assertThatThrownBy(() -> subject.executeSupplier().apply(() -> {
            throw sneaky(reset);
        })).isSameAs(reset);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @DisplayName("blocking: an Error thrown by the call reaches the caller unchanged")
    void blockingError(Subject subject) {
        CallError error = new CallError("bad class version");

        assertThatThrownBy(() -> subject.policy().decorate(() -> {
            throw error;
        }).get()).isSameAs(error);
    }

    @Test
    @DisplayName("Retry: an Error is retried in blocking calls exactly as in async calls when retryOnException says so")
    void retryDecidesOnErrorsTheSameWayBlockingAndAsync() throws Exception {
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        Retry retry = Retry.builder("retry").maxAttempts(3).retryOnException(e -> true)
                .backoff(Backoff.fixed(Duration.ofSeconds(1)))
                .timeSource(time).sleeper(time.sleeper()).scheduler(scheduler).build();
        AtomicInteger blockingCalls = new AtomicInteger();
        AtomicInteger asyncCalls = new AtomicInteger();

        String blocking = retry.executeCallable(() -> {
            if (blockingCalls.incrementAndGet() < 3) {
                throw new CallError("flaky");
            }
            return "ok";
        });
        CompletableFuture<String> async = retry.<String>executeCompletionStage(() -> {
            if (asyncCalls.incrementAndGet() < 3) {
                throw new CallError("flaky");
            }
            return CompletableFuture.completedFuture("ok");
        }).toCompletableFuture();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(blocking).as("blocking result").isEqualTo("ok");
        assertThat(blockingCalls).as("blocking attempts").hasValue(3);
        assertThat(async).as("async result").isCompletedWithValue("ok");
        assertThat(asyncCalls).as("async attempts").hasValue(3);
    }
}
