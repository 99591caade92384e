package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RequestNotPermittedException;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * By default the stack keeps the rate limiter's and the bulkhead's rejections out of the
 * breaker's failures: they say nothing about the backend's health.
 */
@DisplayName("PolicyStack and the inner policies' rejections")
class PolicyStackRejectionsTest {

    private final ManualTimeSource time = new ManualTimeSource();

    /** A breaker with its defaults, except a small window: nothing is ignored by its own config. */
    private CircuitBreaker breaker() {
        return CircuitBreaker.builder("payments").timeSource(time).config(CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumNumberOfCalls(2).build()).build();
    }

    @Test
    @DisplayName("blocking: a full bulkhead inside the breaker is not a failure the breaker records")
    void bulkheadRejectionsNotRecorded() throws Exception {
        // Given: the bulkhead's only permit is taken
        CircuitBreaker breaker = breaker();
        Bulkhead bulkhead = Bulkhead.builder("payments").maxConcurrentCalls(1).build();
        bulkhead.acquirePermission();
        PolicyStack stack = PolicyStack.builder("payments").circuitBreaker(breaker).bulkhead(bulkhead).build();

        // When: ten calls are rejected by the bulkhead
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> stack.execute(() -> "ok")).isInstanceOf(BulkheadFullException.class);
        }

        // Then
        assertThat(breaker.state()).as("the breaker stays closed").isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().failedCalls()).as("no failure recorded").isZero();
        bulkhead.releasePermission();
        assertThat(stack.execute(() -> "ok")).isEqualTo("ok");
    }

    @Test
    @DisplayName("async: a rate limiter's rejection inside the breaker is not a failure the breaker records")
    void rateLimiterRejectionsNotRecorded() {
        // Given: a limiter with one permit, spent
        CircuitBreaker breaker = breaker();
        RateLimiter limiter = RateLimiter.builder("payments").rate(1, Duration.ofMinutes(1)).timeSource(time).build();
        limiter.tryAcquire();
        PolicyStack stack = PolicyStack.builder("payments").circuitBreaker(breaker).rateLimiter(limiter).build();

        // When
        for (int i = 0; i < 10; i++) {
            CompletableFuture<String> stage = stack.decorateAsync(() -> CompletableFuture.completedFuture("ok"))
                    .get().toCompletableFuture();
            assertThat(stage.handle((r, e) -> e).join()).isInstanceOf(RequestNotPermittedException.class);
        }

        // Then
        assertThat(breaker.state()).as("the breaker stays closed").isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().failedCalls()).as("no failure recorded").isZero();
    }

    @Test
    @DisplayName("the call's own failures are still recorded, blocking and async, and open the breaker")
    void callFailuresStillRecorded() {
        CircuitBreaker breaker = breaker();
        PolicyStack stack = PolicyStack.builder("payments").circuitBreaker(breaker)
                .bulkhead(Bulkhead.ofDefaults("payments")).build();

        assertThatThrownBy(() -> stack.execute(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);
        stack.decorateAsync(() -> CompletableFuture.<String>failedFuture(new IOException("down"))).get();

        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("recordInnerRejections(true) lets the breaker see them, as a plain decorate would")
    void optIn() {
        CircuitBreaker breaker = breaker();
        Bulkhead bulkhead = Bulkhead.builder("payments").maxConcurrentCalls(1).build();
        bulkhead.acquirePermission();
        PolicyStack stack = PolicyStack.builder("payments").circuitBreaker(breaker).bulkhead(bulkhead)
                .recordInnerRejections(true).build();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> stack.execute(() -> "ok")).isInstanceOf(BulkheadFullException.class);
        }

        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
    }
}
