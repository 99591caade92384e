package dev.microlab.core.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimeLimiter: changing the timeout at run time")
class TimeLimiterChangeTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    @Test
    @DisplayName("calls started after the change use the new timeout; calls in flight keep theirs")
    void newCallsUseNewTimeout() {
        // Given: a call in flight under the 2 s timeout
        TimeLimiter limiter = TimeLimiter.builder("shipping").timeout(Duration.ofSeconds(2)).scheduler(scheduler).build();
        CompletableFuture<String> before = limiter.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();

        // When
        limiter.changeTimeout(Duration.ofSeconds(5));
        CompletableFuture<String> after = limiter.executeCompletionStage(CompletableFuture<String>::new)
                .toCompletableFuture();

        // Then
        assertThat(limiter.config().timeout()).isEqualTo(Duration.ofSeconds(5));
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(before).as("the call in flight timed out at its own 2 s").isCompletedExceptionally();
        assertThat(after).as("the new call waits its 5 s").isNotDone();
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(after.handle((r, e) -> e).join()).isInstanceOf(TimeoutExceededException.class)
                .hasMessageContaining("PT5S");
    }

    @Test
    @DisplayName("under 4 threads starting calls while the timeout changes, each call uses one timeout throughout")
    void concurrentChanges() throws Exception {
        // Given: a listener recording, for each timeout, when it fired and what it reported
        TimeLimiter limiter = TimeLimiter.builder("shipping").timeout(Duration.ofSeconds(1)).scheduler(scheduler).build();
        List<Duration[]> firings = new CopyOnWriteArrayList<>();
        List<Long> sequences = new CopyOnWriteArrayList<>();
        limiter.eventPublisher().subscribe(e -> {
            if (e instanceof TimeLimiterEvent.TimedOut timedOut) {
                firings.add(new Duration[] {time.elapsed(), timedOut.timeout()});
            } else if (e instanceof TimeLimiterEvent.TimeoutChanged changed) {
                sequences.add(changed.sequence());
            }
        });
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100; i++) {
                        limiter.executeCompletionStage(CompletableFuture<String>::new);
                    }
                    return null;
                }));
            }
            start.await();

            // When: the timeout moves between 1 s and 3 s while the calls start (the clock stands still)
            for (int round = 0; round < 100; round++) {
                limiter.changeTimeout(Duration.ofSeconds(round % 2 == 0 ? 3 : 1));
            }
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }
            scheduler.advance(Duration.ofSeconds(3));

            // Then
            assertThat(firings).as("every call timed out").hasSize(400);
            assertThat(firings).as("each fired at the very timeout it reported")
                    .allSatisfy(f -> assertThat(f[0]).isEqualTo(f[1]));
            assertThat(sequences).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }
}
