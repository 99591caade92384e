package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.circuitbreaker.PolicyStack.Layer;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.policy.Policy;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PolicyStack")
class PolicyStackTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Policy retry = new RecordingPolicy("retry", log);
    private final Policy breaker = new RecordingPolicy("breaker", log);
    private final Policy limiter = new RecordingPolicy("limiter", log);
    private final Policy timeout = new RecordingPolicy("timeout", log);
    private final Policy bulkhead = new RecordingPolicy("bulkhead", log);

    /** Logs "name>" when a call enters it and "<name" when the call leaves it. */
    static final class RecordingPolicy implements Policy {
        private final String name;
        private final List<String> log;

        RecordingPolicy(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
            return () -> {
                log.add(name + ">");
                try {
                    return call.get();
                } finally {
                    log.add("<" + name);
                }
            };
        }

        @Override
        public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
            return () -> {
                log.add(name + ">");
                return call.get().whenComplete((r, e) -> log.add("<" + name));
            };
        }
    }

    /** Calls the decorated call up to {@code attempts} times while it throws. */
    static final class RetryPolicy implements Policy {
        private final int attempts;

        RetryPolicy(int attempts) {
            this.attempts = attempts;
        }

        @Override
        public String name() {
            return "retry x" + attempts;
        }

        @Override
        public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> call) {
            return () -> {
                Exception last = null;
                for (int i = 0; i < attempts; i++) {
                    try {
                        return call.get();
                    } catch (Exception e) {
                        last = e;
                    }
                }
                throw last;
            };
        }

        @Override
        public <T> Supplier<CompletionStage<T>> decorateAsync(Supplier<CompletionStage<T>> call) {
            return call;
        }
    }

    private PolicyStack.Builder allFive() {
        return PolicyStack.builder("test").retry(retry).circuitBreaker(breaker).rateLimiter(limiter)
                .timeout(timeout).bulkhead(bulkhead);
    }

    @Test
    @DisplayName("by default: Fallback(Retry(CircuitBreaker(RateLimiter(Timeout(Bulkhead(call))))))")
    void defaultOrder() throws Exception {
        // Given
        PolicyStack stack = allFive().build();

        // When the call fails and the fallback answers
        String result = stack.execute(() -> {
            log.add("call");
            throw new IOException("down");
        }, failure -> {
            log.add("fallback(" + failure.getMessage() + ")");
            return "degraded";
        });

        // Then
        assertThat(result).isEqualTo("degraded");
        assertThat(log).as("outermost first on the way in, last on the way out; the fallback sees the final failure")
                .containsExactly("retry>", "breaker>", "limiter>", "timeout>", "bulkhead>", "call",
                        "<bulkhead", "<timeout", "<limiter", "<breaker", "<retry", "fallback(down)");
        assertThat(stack.order()).isEqualTo(PolicyStack.DEFAULT_ORDER);
    }

    @Test
    @DisplayName("a chosen order is applied as given, outermost first")
    void chosenOrder() throws Exception {
        // Given the breaker outside the retry
        PolicyStack stack = allFive().order(Layer.BULKHEAD, Layer.CIRCUIT_BREAKER, Layer.FALLBACK, Layer.RETRY,
                Layer.TIMEOUT, Layer.RATE_LIMITER).build();

        // When
        String result = stack.execute(() -> {
            log.add("call");
            throw new IOException("down");
        }, failure -> {
            log.add("fallback");
            return "degraded";
        });

        // Then
        assertThat(result).isEqualTo("degraded");
        assertThat(log).containsExactly("bulkhead>", "breaker>", "retry>", "timeout>", "limiter>", "call",
                "<limiter", "<timeout", "<retry", "fallback", "<breaker", "<bulkhead");
        assertThat(stack.policies()).extracting(Policy::name)
                .containsExactly("bulkhead", "breaker", "retry", "timeout", "limiter");
    }

    @Test
    @DisplayName("absent layers are skipped, and without a fallback the failure propagates")
    void absentLayersAndNoFallback() {
        // Given
        PolicyStack stack = PolicyStack.builder("test").timeout(timeout).retry(retry).build();

        // When / Then
        assertThatThrownBy(() -> stack.execute(() -> {
            log.add("call");
            throw new IOException("down");
        })).isInstanceOf(IOException.class);
        assertThat(log).containsExactly("retry>", "timeout>", "call", "<timeout", "<retry");
    }

    @Test
    @DisplayName("the asynchronous stack keeps the same order and the fallback completes the stage")
    void asyncOrder() {
        // Given
        PolicyStack stack = allFive().build();

        // When
        CompletionStage<String> stage = stack.decorateAsync(() -> {
            log.add("call");
            return CompletableFuture.<String>failedFuture(new IOException("down"));
        }, failure -> {
            log.add("fallback(" + failure.getMessage() + ")");
            return CompletableFuture.completedFuture("degraded");
        }).get();

        // Then
        assertThat(stage.toCompletableFuture().join()).isEqualTo("degraded");
        assertThat(log).containsExactly("retry>", "breaker>", "limiter>", "timeout>", "bulkhead>", "call",
                "<bulkhead", "<timeout", "<limiter", "<breaker", "<retry", "fallback(down)");
    }

    @Test
    @DisplayName("the fallback also catches the breaker's rejection, and the call never runs")
    void fallbackCatchesRejection() throws Exception {
        // Given a real breaker, forced open
        CircuitBreaker real = CircuitBreaker.builder("payments").timeSource(new ManualTimeSource()).build();
        real.transitionToForcedOpenState();
        PolicyStack stack = PolicyStack.builder("test").circuitBreaker(real).build();
        AtomicInteger runs = new AtomicInteger();

        // When
        String result = stack.execute(() -> "charged " + runs.incrementAndGet(),
                failure -> failure instanceof CallNotPermittedException ? "queued for later" : "unexpected");

        // Then
        assertThat(result).isEqualTo("queued for later");
        assertThat(runs).hasValue(0);
    }

    @Test
    @DisplayName("with retry outside the breaker, the breaker records every attempt")
    void retryOutsideBreakerRecordsEachAttempt() {
        // Given a real breaker under a 3-attempt retry
        CircuitBreaker real = CircuitBreaker.builder("payments").timeSource(new ManualTimeSource())
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                        .minimumNumberOfCalls(10).build()).build();
        PolicyStack stack = PolicyStack.builder("test").retry(new RetryPolicy(3)).circuitBreaker(real).build();

        // When one logical call fails
        assertThatThrownBy(() -> stack.execute(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);

        // Then
        assertThat(real.metrics().failedCalls()).as("3 attempts, 3 recorded failures").isEqualTo(3);
    }

    @Test
    @DisplayName("with the breaker outside the retry, it records one outcome per logical call")
    void breakerOutsideRetryRecordsOnce() {
        // Given
        CircuitBreaker real = CircuitBreaker.builder("payments").timeSource(new ManualTimeSource())
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 10)
                        .minimumNumberOfCalls(10).build()).build();
        PolicyStack stack = PolicyStack.builder("test").retry(new RetryPolicy(3)).circuitBreaker(real)
                .order(Layer.FALLBACK, Layer.CIRCUIT_BREAKER, Layer.RETRY, Layer.RATE_LIMITER, Layer.TIMEOUT,
                        Layer.BULKHEAD).build();

        // When
        assertThatThrownBy(() -> stack.execute(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);

        // Then
        assertThat(real.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("an order must list each layer exactly once")
    void orderValidation() {
        assertThatThrownBy(() -> PolicyStack.builder("test").order(Layer.RETRY, Layer.CIRCUIT_BREAKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order must list each of [FALLBACK, RETRY, CIRCUIT_BREAKER, RATE_LIMITER, TIMEOUT, BULKHEAD]"
                        + " exactly once, but was [RETRY, CIRCUIT_BREAKER]");
        assertThatThrownBy(() -> PolicyStack.builder("test").order(Layer.RETRY, Layer.RETRY, Layer.FALLBACK,
                Layer.RATE_LIMITER, Layer.TIMEOUT, Layer.BULKHEAD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a layer is set once, and FALLBACK is not a policy layer")
    void layerValidation() {
        assertThatThrownBy(() -> PolicyStack.builder("test").retry(retry).retry(retry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer RETRY must be set once, but was already set to 'retry'");
        assertThatThrownBy(() -> PolicyStack.builder("test").layer(Layer.FALLBACK, retry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("layer must not be FALLBACK");
    }

    @Test
    @DisplayName("toString shows the nesting")
    void describesNesting() {
        assertThat(PolicyStack.builder("payments").retry(retry).circuitBreaker(breaker).build())
                .hasToString("PolicyStack[payments: fallback(retry(breaker(call)))]");
    }
}
