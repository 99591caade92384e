package dev.microlab.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CallNotPermittedException;
import dev.microlab.circuitbreaker.CircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.circuitbreaker.PolicyStack;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/circuit-breaker.md} that is not already quoted from the module's own
 * tests, run against the real policies; {@code GuidesTest} checks the guide still quotes it.
 */
@DisplayName("The examples of the circuit breaker guide")
class CircuitBreakerGuideExamplesTest {

    record Order(String id) {
    }

    /** A payments client that is down: every charge fails. */
    static final class Client {
        final AtomicInteger charges = new AtomicInteger();

        String charge(Order order) throws IOException {
            charges.incrementAndGet();
            throw new IOException("payments is down");
        }
    }

    private final Client client = new Client();
    private final Order order = new Order("order-42");

    @Test
    @DisplayName("a policy stack runs retry, breaker, rate limiter and bulkhead, and falls back when all fail")
    void policyStack() throws Exception {
        ManualTimeSource time = new ManualTimeSource();
        Retry retry = Retry.builder("payments").maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(100)))
                .timeSource(time).sleeper(time.sleeper()).build();
        CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder().minimumNumberOfCalls(10).build())
                .timeSource(time).build();
        RateLimiter limiter = RateLimiter.builder("payments").timeSource(time).build();
        Bulkhead bulkhead = Bulkhead.builder("payments").build();

        PolicyStack stack = PolicyStack.builder("payments")
                .retry(retry).circuitBreaker(breaker).rateLimiter(limiter).bulkhead(bulkhead)
                .build();                                  // absent layers are skipped
        String result = stack.execute(() -> client.charge(order), failure -> "queued for later");

        assertThat(result).as("the fallback answers once every attempt failed").isEqualTo("queued for later");
        assertThat(client.charges).as("the retry made its 3 attempts through the stack").hasValue(3);
        assertThat(breaker.metrics().failedCalls()).as("the breaker saw each attempt").isEqualTo(3);
    }

    private final ManualTimeSource time = new ManualTimeSource();

    /** Records n calls: the first {@code failures} fail, the rest succeed. */
    private static void calls(CircuitBreaker breaker, int n, int failures) {
        for (int i = 0; i < n; i++) {
            boolean fail = i < failures;
            try {
                breaker.executeSupplier(() -> {
                    if (fail) {
                        throw new IllegalStateException("backend failed");
                    }
                    return "ok";
                });
            } catch (IllegalStateException expected) {
                // recorded as a failure
            }
        }
    }

    @Test
    @DisplayName("a time-based window forgets failures older than its size")
    void timeBasedWindow() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.TIME_BASED, 60)   // the calls of the last 60 s
                .minimumNumberOfCalls(20)                          // however few calls a minute brings
                .failureRateThreshold(50)
                .build();
        CircuitBreaker breaker = CircuitBreaker.builder("search").config(config).timeSource(time).build();

        calls(breaker, 20, 9);                  // 45 % failed: still CLOSED
        time.advance(Duration.ofSeconds(61));   // those 20 calls leave the window
        calls(breaker, 20, 9);                  // 45 % again: the first 9 failures no longer count
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        assertThat(breaker.metrics().bufferedCalls()).as("only the last minute counts").isEqualTo(20);
    }

    @Test
    @DisplayName("slow calls open the breaker even when every call succeeds")
    void slowCalls() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumNumberOfCalls(10)
                .slowCallDuration(Duration.ofSeconds(2))           // slower than 2 s is slow
                .slowCallRateThreshold(50)                         // open when half the calls are
                .build();
        CircuitBreaker breaker = CircuitBreaker.builder("reports").config(config).timeSource(time).build();

        Supplier<String> slowReport = breaker.decorateSupplier(() -> {
            time.advance(Duration.ofSeconds(3));                   // the backend takes 3 s, then answers
            return "report";
        });
        for (int i = 0; i < 10; i++) {
            slowReport.get();                                      // succeeds, but is recorded as slow
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        assertThat(breaker.metrics().slowCallRate()).isEqualTo(100f);
    }

    @Test
    @DisplayName("an asynchronous call takes its permit when started and records its outcome when its stage completes")
    void asyncUse() {
        CircuitBreaker breaker = CircuitBreaker.builder("payments").timeSource(time).build();
        CompletableFuture<String> reply = new CompletableFuture<>();   // e.g. an HttpClient.sendAsync

        CompletionStage<String> receipt = breaker.executeCompletionStage(() -> reply);
        reply.completeExceptionally(new IOException("connection reset"));   // recorded as a failure now

        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        breaker.transitionToOpenState();
        CompletionStage<String> rejected = breaker.executeCompletionStage(() -> reply);
        assertThatThrownBy(() -> rejected.toCompletableFuture().join())   // no exception is thrown here:
                .isInstanceOf(CompletionException.class)                  // the stage fails instead
                .hasCauseInstanceOf(CallNotPermittedException.class);

        assertThat(receipt.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    @DisplayName("the low-level API: acquire a permit, time the call yourself, record exactly one outcome")
    void lowLevel() {
        CircuitBreaker breaker = CircuitBreaker.builder("inventory").timeSource(time).build();
        Receipt receipt = null;

        if (breaker.tryAcquirePermission()) {                      // false when OPEN: nothing to release
            long start = breaker.timeSource().nanoTime();
            try {
                receipt = inventory.reserve("sku-1");
                breaker.onSuccess(breaker.timeSource().nanoTime() - start);
            } catch (RuntimeException e) {
                breaker.onError(breaker.timeSource().nanoTime() - start, e);
                throw e;
            }
        } else {
            receipt = Receipt.RETRY_LATER;                          // fail fast, the call never ran
        }

        assertThat(receipt).isEqualTo(new Receipt("reserved sku-1"));
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    record Receipt(String text) {
        static final Receipt RETRY_LATER = new Receipt("retry later");
    }

    /** An inventory client that answers at once. */
    static final class Inventory {
        Receipt reserve(String sku) {
            return new Receipt("reserved " + sku);
        }
    }

    private final Inventory inventory = new Inventory();

    @Test
    @DisplayName("remainingOpenTime tells a rejected caller when to come back (HTTP Retry-After)")
    void retryAfter() {
        CircuitBreaker breaker = CircuitBreaker.builder("payments")
                .config(CircuitBreakerConfig.builder().waitDurationInOpen(Duration.ofSeconds(30)).build())
                .timeSource(time).build();
        breaker.transitionToOpenState();
        time.advance(Duration.ofMillis(12_300));
        int status = 200;
        long retryAfterSeconds = 0;

        try {
            breaker.executeSupplier(() -> "charged");
        } catch (CallNotPermittedException e) {
            status = 503;                                           // Service Unavailable, and when to retry:
            retryAfterSeconds = (breaker.remainingOpenTime().toMillis() + 999) / 1000;   // rounded up
        }

        assertThat(status).isEqualTo(503);
        assertThat(retryAfterSeconds).as("17.7 s left, rounded up").isEqualTo(18);
    }
}
