package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RequestNotPermittedException;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeoutExceededException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PolicyStack with the patterns-core policies")
class PolicyStackWithCorePoliciesTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private CircuitBreaker breaker() {
        return CircuitBreaker.builder("payments").timeSource(time).config(CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumNumberOfCalls(2)
                // the inner policies' rejections say nothing about the backend's health
                .ignoreExceptions(RequestNotPermittedException.class, BulkheadFullException.class)
                .build()).build();
    }

    @Test
    @DisplayName("retry, breaker, rate limiter and bulkhead in the default order: the breaker opens mid-retry and the fallback answers")
    void blockingStack() throws Exception {
        // Given a backend that is down
        CircuitBreaker breaker = breaker();
        Bulkhead bulkhead = Bulkhead.builder("payments").maxConcurrentCalls(2).build();
        PolicyStack stack = PolicyStack.builder("payments")
                .retry(Retry.builder("payments").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(100)))
                        .timeSource(time).sleeper(time.sleeper()).build())
                .circuitBreaker(breaker)
                .rateLimiter(RateLimiter.builder("payments").rate(100, Duration.ofSeconds(1)).timeSource(time).build())
                .bulkhead(bulkhead)
                .build();
        AtomicInteger backendCalls = new AtomicInteger();

        // When one logical call is made
        String result = stack.execute(() -> {
            backendCalls.incrementAndGet();
            throw new IOException("payments down");
        }, failure -> "fallback after " + failure.getClass().getSimpleName());

        // Then: attempts 1 and 2 reach the backend and open the breaker; attempt 3 is rejected fast
        assertThat(backendCalls).as("the open breaker spared the backend the third attempt").hasValue(2);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
        assertThat(result).isEqualTo("fallback after CallNotPermittedException");
        assertThat(bulkhead.availablePermits()).as("every bulkhead permit came back").isEqualTo(2);
        assertThat(time.elapsed()).as("two backoff waits, on the manual clock").isEqualTo(Duration.ofMillis(200));
    }

    @Test
    @DisplayName("a timeout inside the breaker is a failure the breaker records")
    void asyncTimeoutCountsInBreaker() {
        // Given an asynchronous backend that never answers
        CircuitBreaker breaker = breaker();
        PolicyStack stack = PolicyStack.builder("payments")
                .circuitBreaker(breaker)
                .timeout(TimeLimiter.builder("payments").timeout(Duration.ofSeconds(2)).scheduler(scheduler).build())
                .build();

        // When the call is started and 2 s pass
        CompletionStage<String> stage = stack.decorateAsync(() -> new CompletableFuture<String>(),
                failure -> CompletableFuture.completedFuture("fallback after " + failure.getClass().getSimpleName()))
                .get();
        scheduler.advance(Duration.ofSeconds(2));

        // Then
        assertThat(stage.toCompletableFuture().join()).isEqualTo("fallback after " + TimeoutExceededException.class.getSimpleName());
        assertThat(breaker.metrics().failedCalls()).as("the timeout was recorded by the breaker").isEqualTo(1);
        assertThat(breaker.metrics().slowCalls()).as("2 s is not slower than the 60 s default").isZero();
    }
}
