package dev.microlab.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RateLimiterConfig;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryConfig;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeLimiterConfig;
import dev.microlab.core.timeout.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The clock is given to a policy's builder, never to its config: a config is a value that
 * policies on different clocks share, and each policy runs on the clock it was built with.
 */
@DisplayName("the clock goes to the builder; one config serves policies on different clocks")
class ClockPlacementTest {

    @Test
    @DisplayName("RateLimiter: two limiters from one config refill on their own clocks")
    void rateLimiter() {
        RateLimiterConfig shared = RateLimiterConfig.builder().rate(1, Duration.ofSeconds(1)).build();
        ManualTimeSource slow = new ManualTimeSource();
        ManualTimeSource fast = new ManualTimeSource();
        RateLimiter a = RateLimiter.builder("a").config(shared).timeSource(slow).build();
        RateLimiter b = RateLimiter.builder("b").config(shared).timeSource(fast).build();
        assertThat(a.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();

        fast.advance(Duration.ofSeconds(1));

        assertThat(b.tryAcquire()).as("b's clock moved a second: one permit earned").isTrue();
        assertThat(a.tryAcquire()).as("a's clock did not move: nothing earned").isFalse();
        assertThat(a.config()).isEqualTo(b.config()).isEqualTo(shared);
    }

    @Test
    @DisplayName("TimeLimiter: two limiters from one config time out on their own schedulers")
    void timeLimiter() {
        TimeLimiterConfig shared = TimeLimiterConfig.builder().timeout(Duration.ofSeconds(1)).build();
        ManualScheduler first = new ManualScheduler(new ManualTimeSource());
        ManualScheduler second = new ManualScheduler(new ManualTimeSource());
        TimeLimiter a = TimeLimiter.builder("a").config(shared).scheduler(first).build();
        TimeLimiter b = TimeLimiter.builder("b").config(shared).scheduler(second).build();
        CompletableFuture<String> callOfA = a.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();
        CompletableFuture<String> callOfB = b.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();

        first.advance(Duration.ofSeconds(1));

        assertThat(callOfA).as("a's scheduler reached the timeout").isCompletedExceptionally();
        assertThatThrownBy(callOfA::join).hasCauseInstanceOf(TimeoutExceededException.class);
        assertThat(callOfB).as("b's scheduler did not move").isNotDone();
        second.advance(Duration.ofSeconds(1));
        assertThat(callOfB).isCompletedExceptionally();
    }

    @Test
    @DisplayName("Retry: the scheduler of the builder drives asynchronous attempts; of(name, config) has none")
    void retry() {
        RetryConfig shared = RetryConfig.builder().maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1)))
                .build();
        ManualScheduler scheduler = new ManualScheduler(new ManualTimeSource());
        Retry scheduled = Retry.builder("scheduled").config(shared).scheduler(scheduler).build();
        AtomicInteger attempts = new AtomicInteger();

        CompletionStage<String> result = scheduled.executeCompletionStage(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        });
        assertThat(attempts).as("the first attempt runs at once").hasValue(1);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(attempts).as("the builder's scheduler ran the second attempt").hasValue(2);
        assertThat(result.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> Retry.of("plain", shared)
                .executeCompletionStage(() -> CompletableFuture.completedFuture("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Retry.builder(name).scheduler(...)");
    }
}
