package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.function.CheckedSupplier;
import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker decorators")
class DecoratorsTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreaker breaker = CircuitBreaker.builder("backend")
            .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumNumberOfCalls(10)
                    .slowCallDuration(Duration.ofSeconds(1))
                    .ignoreExceptions(IllegalArgumentException.class).build())
            .timeSource(time).build();

    @Test
    @DisplayName("a decorated Supplier returns the result and records a success")
    void supplier() {
        Supplier<String> decorated = breaker.decorateSupplier(() -> "ok");

        assertThat(decorated.get()).isEqualTo("ok");
        assertThat(breaker.metrics().successfulCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a decorated Callable propagates its checked exception and records a failure")
    void callable() {
        Callable<String> decorated = breaker.decorateCallable(() -> {
            throw new IOException("down");
        });

        assertThatThrownBy(decorated::call).isInstanceOf(IOException.class).hasMessage("down");
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a decorated CheckedSupplier propagates its checked exception and records a failure")
    void checkedSupplier() {
        CheckedSupplier<String> decorated = breaker.decorateCheckedSupplier(() -> {
            throw new IOException("down");
        });

        assertThatThrownBy(decorated::get).isInstanceOf(IOException.class);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("decorate (the Policy method) behaves like decorateCheckedSupplier")
    void policyDecorate() throws Exception {
        CheckedSupplier<Integer> decorated = breaker.decorate(() -> 42);

        assertThat(decorated.get()).isEqualTo(42);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a decorated Runnable runs and records its duration")
    void runnable() {
        AtomicInteger runs = new AtomicInteger();
        Runnable decorated = breaker.decorateRunnable(() -> {
            runs.incrementAndGet();
            time.advance(Duration.ofSeconds(2));
        });

        decorated.run();

        assertThat(runs).hasValue(1);
        assertThat(breaker.metrics().slowCalls()).as("2 s is slower than 1 s").isEqualTo(1);
    }

    @Test
    @DisplayName("a decorated Function passes its argument through")
    void function() {
        Function<Integer, Integer> decorated = breaker.decorateFunction(x -> x * 2);

        assertThat(decorated.apply(21)).isEqualTo(42);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a CompletionStage's outcome is recorded when it completes, with the time source's duration")
    void completionStageRecordedOnCompletion() {
        // Given a stage that is still running
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.executeCompletionStage(() -> pending);
        long recordedBefore = breaker.metrics().bufferedCalls();

        // When it fails 3 s later
        time.advance(Duration.ofSeconds(3));
        pending.completeExceptionally(new IOException("down"));

        // Then
        assertThat(recordedBefore).as("nothing is recorded while the stage runs").isZero();
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        assertThat(breaker.metrics().slowCalls()).as("3 s measured on the manual clock").isEqualTo(1);
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    @DisplayName("a CompletionStage failing with a wrapped ignored exception is ignored")
    void completionStageUnwrapsCause() {
        // Given
        Supplier<CompletionStage<String>> decorated = breaker.decorateCompletionStage(
                () -> CompletableFuture.failedFuture(new CompletionException(new IllegalArgumentException("bad"))));

        // When
        CompletionStage<String> stage = decorated.get();

        // Then
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThat(breaker.metrics().bufferedCalls()).as("the unwrapped cause is an ignored exception").isZero();
    }

    @Test
    @DisplayName("a rejected CompletionStage call fails with CallNotPermittedException and never starts")
    void completionStageRejected() {
        // Given
        breaker.transitionToForcedOpenState();
        AtomicInteger starts = new AtomicInteger();

        // When
        CompletionStage<Integer> stage = breaker.decorateAsync(
                () -> CompletableFuture.completedFuture(starts.incrementAndGet())).get();

        // Then
        assertThat(stage.toCompletableFuture()).failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(CallNotPermittedException.class);
        assertThat(starts).hasValue(0);
    }

    @Test
    @DisplayName("a supplier that throws instead of returning a stage is recorded as a failure")
    void completionStageSupplierThrows() {
        CompletionStage<String> stage = breaker.executeCompletionStage(() -> {
            throw new IllegalStateException("could not even start");
        });

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("the low-level API records what the caller reports")
    void lowLevelApi() {
        // Given
        CircuitBreaker manual = CircuitBreaker.builder("manual")
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 3).minimumNumberOfCalls(3)
                        .recordResult(r -> "error".equals(r)).build())
                .timeSource(time).build();

        // When
        manual.acquirePermission();
        manual.onSuccess(Duration.ofMillis(5).toNanos());
        manual.acquirePermission();
        manual.onResult(Duration.ofMillis(5).toNanos(), "error");
        manual.acquirePermission();
        manual.onError(Duration.ofMillis(5).toNanos(), new IOException("down"));

        // Then
        CircuitBreakerMetrics metrics = manual.metrics();
        assertThat(metrics.bufferedCalls()).isEqualTo(3);
        assertThat(metrics.failedCalls()).isEqualTo(2);
        assertThat(manual.state()).as("2/3 failures reach 50 %%").isEqualTo(State.OPEN);
        assertThat(manual.tryAcquirePermission()).isFalse();
        assertThatThrownBy(manual::acquirePermission).isInstanceOf(CallNotPermittedException.class);
        assertThat(manual.metrics().notPermittedCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("metrics report -1 rates below the minimum number of calls")
    void metricsBelowMinimum() {
        breaker.executeSupplier(() -> "ok");

        CircuitBreakerMetrics metrics = breaker.metrics();

        assertThat(metrics.state()).isEqualTo(State.CLOSED);
        assertThat(metrics.failureRate()).as("1 call of the 10 required").isEqualTo(-1f);
        assertThat(metrics.slowCallRate()).isEqualTo(-1f);
        assertThat(metrics.bufferedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("OPEN keeps showing the window that opened it")
    void openShowsOpeningWindow() {
        CircuitBreaker small = CircuitBreaker.builder("small")
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 2).minimumNumberOfCalls(2)
                        .build()).timeSource(time).build();
        Calls.succeed(small, 1);
        Calls.fail(small, 1);

        CircuitBreakerMetrics metrics = small.metrics();

        assertThat(metrics.state()).isEqualTo(State.OPEN);
        assertThat(metrics.failureRate()).isEqualTo(50f);
        assertThat(metrics.bufferedCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("null arguments are rejected with their name")
    void rejectsNull() {
        assertThatThrownBy(() -> breaker.decorateSupplier(null)).hasMessage("decorateSupplier: call must not be null");
        assertThatThrownBy(() -> breaker.onError(1, null)).hasMessage("onError: error must not be null");
        assertThatThrownBy(() -> CircuitBreaker.builder(null)).hasMessage("builder: name must not be null");
        assertThatThrownBy(() -> CircuitBreaker.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
