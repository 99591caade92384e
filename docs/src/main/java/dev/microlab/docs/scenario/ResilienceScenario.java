package dev.microlab.docs.scenario;

import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadFullException;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.retry.Backoff;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryEvent;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeLimiterEvent;
import dev.microlab.core.timeout.TimeoutExceededException;
import dev.microlab.docs.diagram.SequenceDiagram;
import dev.microlab.docs.diagram.Timeline;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The patterns-core policies on a bad day, on virtual time: a retry with exponential backoff
 * rides out a flaky payments service and then gives up on a dead one; a bulkhead rejects the
 * third concurrent call to a slow inventory service, and a timeout frees the caller of a hung
 * call — but not its permit, which comes back only when the request itself ends; a rate
 * limiter spends its burst and refills at its steady rate.
 *
 * <p>Everything runs on the narrator's clock: the retry "sleeps" with
 * {@code narrator.time().sleeper()}, the timeout and the slow replies are tasks on
 * {@code narrator.scheduler()}, the rate limiter reads {@code narrator.time()}.
 *
 * <p>This class is threadsafe: {@link #run} keeps its state local.
 */
public final class ResilienceScenario implements Scenario {

    @Override
    public String name() {
        return "resilience";
    }

    @Override
    public String title() {
        return "retry with backoff, a bulkhead and a timeout, a rate limiter refilling";
    }

    @Override
    public List<String> patterns() {
        return List.of("retry", "bulkhead", "rate-limiter", "timeout");
    }

    @Override
    public void run(Narrator narrator) throws Exception {
        Timeline timeline = new Timeline("resilience policies on virtual time");
        retry(narrator, timeline);
        bulkheadAndTimeout(narrator, timeline);
        rateLimiter(narrator, timeline);
        narrator.draw(timeline);
    }

    // ---- act 1: retry ---------------------------------------------------------------------

    private static void retry(Narrator narrator, Timeline timeline) throws Exception {
        narrator.say("act 1 — payments drops connections; calls go through a retry"
                + " (4 attempts, exponential backoff 100 ms x2)");
        Retry retry = Retry.builder("payments")
                .maxAttempts(4)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)))
                .retryOnException(e -> e instanceof IOException)
                .timeSource(narrator.time())
                .sleeper(narrator.time().sleeper())
                .build();
        SequenceDiagram sequence = new SequenceDiagram("retry with exponential backoff")
                .participant("C", "checkout")
                .participant("R", "retry 'payments'")
                .participant("P", "payments");
        AtomicInteger failuresLeft = new AtomicInteger();
        AtomicBoolean firstFailure = new AtomicBoolean(true);
        retry.eventPublisher().subscribe(event -> {
            if (event instanceof RetryEvent.RetryScheduled scheduled) {
                String why = scheduled.cause() == null ? "a result to retry" : scheduled.cause().getMessage();
                sequence.failure("P", "R", "attempt " + scheduled.attempt() + ": " + why)
                        .note("R", "wait " + scheduled.delay().toMillis() + " ms");
                String text = "attempt " + scheduled.attempt() + " failed (" + why + "); next attempt in "
                        + scheduled.delay().toMillis() + " ms";
                if (firstFailure.compareAndSet(true, false)) {
                    narrator.milestone("retry-attempt-failed", text);
                } else {
                    narrator.say(text);
                }
            } else if (event instanceof RetryEvent.Exhausted exhausted) {
                sequence.failure("P", "R", "attempt " + exhausted.attempts() + ": "
                                + (exhausted.lastFailure() == null ? "a result to retry" : exhausted.lastFailure().getMessage()))
                        .failure("R", "C", "gives up after " + exhausted.attempts() + " attempts");
            } else if (event instanceof RetryEvent.Succeeded succeeded) {
                sequence.reply("P", "R", "receipt").reply("R", "C", "receipt, after " + succeeded.attempts() + " attempts");
            }
        });
        AtomicInteger attempts = new AtomicInteger();
        // a stand-in for the payments client: fails while failuresLeft > 0
        Callable<String> charge = () -> {
            attempts.incrementAndGet();
            sequence.call("R", "P", "charge (attempt " + attempts.get() + ")");
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("connection reset");
            }
            return "receipt-" + attempts.get();
        };

        failuresLeft.set(2);
        sequence.call("C", "R", "charge order 1");
        long start = narrator.time().nanoTime();
        String receipt = retry.executeCallable(charge);
        Duration waited = Duration.ofNanos(narrator.time().nanoTime() - start);
        narrator.milestone("retry-recovered", "attempt " + attempts.get() + " succeeds (" + receipt
                + ") after " + waited.toMillis() + " ms of backoff: the caller never saw the two failures");
        timeline.at(stamp(narrator), "retry recovered after 2 failures");

        failuresLeft.set(Integer.MAX_VALUE);
        attempts.set(0);
        sequence.call("C", "R", "charge order 2");
        start = narrator.time().nanoTime();
        try {
            retry.executeCallable(charge);
            throw new IllegalStateException("payments is down, yet the retry returned a result");
        } catch (IOException expected) {
            waited = Duration.ofNanos(narrator.time().nanoTime() - start);
            narrator.milestone("retry-exhausted", "payments is down for good: after " + attempts.get()
                    + " attempts and " + waited.toMillis() + " ms (100 + 200 + 400) the retry gives up and"
                    + " the caller gets the last error: " + expected.getMessage());
        }
        timeline.at(stamp(narrator), "retry exhausted after 4 attempts");
        narrator.draw(sequence);
    }

    // ---- act 2: bulkhead + timeout ---------------------------------------------------------

    private static void bulkheadAndTimeout(Narrator narrator, Timeline timeline) {
        narrator.say("act 2 — inventory turns slow; each call goes through a 1 s timeout around a"
                + " bulkhead of 2 permits (the order of docs/resilience.md)");
        Bulkhead bulkhead = Bulkhead.builder("inventory").maxConcurrentCalls(2).build();
        // cancelRunningFuture(false): the hung request is ended by the HTTP client's own read timeout,
        // so the bulkhead's permit stays taken until then — which is what this act shows. (With
        // cancellation on, the timeout would cancel the call and its permit would come back at once.)
        TimeLimiter timeout = TimeLimiter.builder("inventory")
                .timeout(Duration.ofSeconds(1))
                .cancelRunningFuture(false)
                .scheduler(narrator.scheduler())
                .build();
        timeout.eventPublisher().subscribe(event -> {
            if (event instanceof TimeLimiterEvent.TimedOut timedOut) {
                narrator.milestone("timeout-fired", "call 2 still has no answer after "
                        + timedOut.timeout().toMillis() + " ms: the timeout fails it for its caller");
            }
        });
        Duration actStart = narrator.elapsed();

        // call 1 answers after 300 ms; call 2 hangs until its HTTP client's own read timeout (5 s)
        CompletionStage<String> first = timeout.executeCompletionStage(() -> bulkhead.executeCompletionStage(() -> {
            CompletableFuture<String> reply = new CompletableFuture<>();
            narrator.scheduler().schedule(Duration.ofMillis(300), () -> reply.complete("12 in stock"));
            return reply;
        }));
        CompletableFuture<String> hung = new CompletableFuture<>();
        narrator.scheduler().schedule(Duration.ofSeconds(5),
                () -> hung.completeExceptionally(new IOException("read timed out")));
        CompletionStage<String> second = timeout.executeCompletionStage(() -> bulkhead.executeCompletionStage(() -> hung));
        narrator.say("calls 1 and 2 take both permits (" + bulkhead.availablePermits() + " left)");

        CompletionStage<String> third = timeout.executeCompletionStage(() -> bulkhead.executeCompletionStage(
                () -> CompletableFuture.completedFuture("never called")));
        Throwable rejection = failureOf(third);
        if (!(rejection instanceof BulkheadFullException)) {
            throw new IllegalStateException("the third concurrent call should have been rejected, but got " + rejection);
        }
        narrator.milestone("bulkhead-rejected", "call 3 is rejected at once (" + rejection.getClass().getSimpleName()
                + "): inventory never sees it, and no thread waits for a permit");
        timeline.at(stamp(narrator), "bulkhead rejects call 3");

        narrator.scheduler().advance(Duration.ofMillis(300));
        narrator.milestone("bulkhead-permit-returned", "call 1 answers (" + first.toCompletableFuture().join()
                + "); its permit is back: " + bulkhead.availablePermits() + " free");

        narrator.scheduler().advance(Duration.ofSeconds(1).minus(narrator.elapsed().minus(actStart)));
        Throwable timedOut = failureOf(second);
        if (!(timedOut instanceof TimeoutExceededException)) {
            throw new IllegalStateException("call 2 should have timed out, but got " + timedOut);
        }
        timeline.at(stamp(narrator), "timeout frees the caller of call 2");
        narrator.milestone("timeout-frees-caller-not-permit", "the caller of call 2 has moved on, but the request"
                + " is still in flight and keeps its permit: " + bulkhead.availablePermits() + " of "
                + bulkhead.maxConcurrentCalls() + " free — a timeout does not stop the work by itself");

        narrator.scheduler().advance(Duration.ofSeconds(5).minus(narrator.elapsed().minus(actStart)));
        timeline.at(stamp(narrator), "client read timeout ends call 2");
        narrator.milestone("bulkhead-drained", "at 5 s the HTTP client's own read timeout ends call 2 ("
                + (hung.isCompletedExceptionally() ? "read timed out" : "still running?") + "): "
                + bulkhead.availablePermits() + " of " + bulkhead.maxConcurrentCalls()
                + " permits free — so set the client's timeouts too, and keep the TimeLimiter as the outer bound");
    }

    // ---- act 3: rate limiter ----------------------------------------------------------------

    private static void rateLimiter(Narrator narrator, Timeline timeline) {
        narrator.say("act 3 — search allows 5 calls per second with a burst of 5");
        RateLimiter limiter = RateLimiter.builder("search-api")
                .rate(5, Duration.ofSeconds(1))
                .burstCapacity(5)
                .timeSource(narrator.time())
                .build();

        int permitted = tryMany(limiter, 8);
        narrator.milestone("rate-limiter-burst-spent", "a burst of 8 calls: " + permitted + " permitted, "
                + (8 - permitted) + " rejected — the bucket is empty");
        timeline.at(stamp(narrator), "rate limiter permits 5 of 8");

        narrator.time().advance(Duration.ofMillis(400));
        permitted = tryMany(limiter, 3);
        narrator.milestone("rate-limiter-refilled", "400 ms later the bucket has refilled "
                + permitted + " permits (one every 200 ms): " + permitted + " of 3 calls permitted");
        timeline.at(stamp(narrator), "refilled " + permitted + " permits");

        narrator.time().advance(Duration.ofSeconds(5));
        narrator.milestone("rate-limiter-full", "after a quiet 5 s the bucket is full again, but no fuller: "
                + limiter.availablePermits() + " permits (the burst capacity)");
        timeline.at(stamp(narrator), "bucket full at " + limiter.availablePermits());
    }

    private static int tryMany(RateLimiter limiter, int calls) {
        int permitted = 0;
        for (int i = 0; i < calls; i++) {
            if (limiter.tryAcquire()) {
                permitted++;
            }
        }
        return permitted;
    }

    /** The exception a completed stage failed with (unwrapped), or null if it succeeded. */
    private static Throwable failureOf(CompletionStage<?> stage) {
        Throwable failure = stage.toCompletableFuture().handle((value, e) -> e).join();
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String stamp(Narrator narrator) {
        return "+" + Narrator.stamp(narrator.elapsed());
    }
}
