package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.PolicyStack.Layer;
import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RequestNotPermittedException;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.timeout.TimeLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cancelling the stage a stack returns reaches the call, whatever the order of the layers: a
 * call that never completes must not keep its bulkhead permit, its timer or its retry forever.
 */
@DisplayName("PolicyStack cancellation")
class PolicyStackCancellationTest {

    /** Every order the builder accepts: the 720 permutations of the six layers. */
    static Stream<List<Layer>> everyOrder() {
        List<List<Layer>> orders = new ArrayList<>();
        permute(new ArrayList<>(List.of(Layer.values())), 0, orders);
        return orders.stream();
    }

    private static void permute(List<Layer> layers, int from, List<List<Layer>> out) {
        if (from == layers.size()) {
            out.add(List.copyOf(layers));
            return;
        }
        for (int i = from; i < layers.size(); i++) {
            java.util.Collections.swap(layers, from, i);
            permute(layers, from + 1, out);
            java.util.Collections.swap(layers, from, i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOrder")
    @DisplayName("cancelling the outer stage cancels the call in flight and gives every permit back")
    void cancelReachesTheCall(List<Layer> order) {
        // Given: all five policies and a fallback, in this order, around a call that never completes
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        Bulkhead bulkhead = Bulkhead.builder("payments").maxConcurrentCalls(2).build();
        PolicyStack stack = PolicyStack.builder("payments")
                .retry(Retry.builder("payments").maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(1)))
                        .timeSource(time).sleeper(time.sleeper()).scheduler(scheduler).build())
                .circuitBreaker(CircuitBreaker.builder("payments").timeSource(time).config(CircuitBreakerConfig.builder()
                        .ignoreExceptions(RequestNotPermittedException.class, BulkheadFullException.class).build()).build())
                .rateLimiter(RateLimiter.builder("payments").rate(100, Duration.ofSeconds(1)).timeSource(time).build())
                .timeout(TimeLimiter.builder("payments").timeout(Duration.ofSeconds(2)).scheduler(scheduler).build())
                .bulkhead(bulkhead)
                .order(order.toArray(Layer[]::new))
                .build();
        List<CompletableFuture<String>> calls = new CopyOnWriteArrayList<>();
        CompletionStage<String> outer = stack.<String>decorateAsync(() -> {
            CompletableFuture<String> call = new CompletableFuture<>();
            calls.add(call);
            return call;
        }, failure -> CompletableFuture.completedFuture("fallback")).get();
        assertThat(calls).as("the call started").hasSize(1);
        assertThat(bulkhead.availablePermits()).as("and holds a bulkhead permit").isEqualTo(1);

        // When
        boolean cancelled = outer.toCompletableFuture().cancel(true);

        // Then
        assertThat(cancelled).as("the outer stage was pending and is cancelled").isTrue();
        assertThat(calls.get(0)).as("the call in flight is cancelled").isCancelled();
        assertThat(bulkhead.availablePermits()).as("the bulkhead permit came back").isEqualTo(2);
        assertThat(scheduler.pendingTasks()).as("no timer or retry is left pending").isZero();
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(calls).as("no attempt starts after the cancel").hasSize(1);
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
    }
}
