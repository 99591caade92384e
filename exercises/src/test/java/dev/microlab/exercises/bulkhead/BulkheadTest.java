package dev.microlab.exercises.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("bulkhead")
@DisplayName("Exercise 6 · Bulkhead")
class BulkheadTest {

    private static final Duration FAIL_FAST = Duration.ZERO;
    private static final Duration PATIENT = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Starts a caller on another thread: it reports "running" when its call runs, and how the call ended. */
    private Future<?> caller(Bulkhead bulkhead, String name, CountDownLatch holdUntil) {
        return threads.submit(() -> {
            try {
                String result = bulkhead.execute(() -> {
                    events.add(name + " running");
                    holdUntil.await(10, TimeUnit.SECONDS);
                    return "done";
                });
                events.add(name + " " + result);
            } catch (BulkheadFullException e) {
                events.add(name + " rejected");
            } catch (InterruptedException e) {
                events.add(name + " interrupted, flag " + Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                events.add(name + " threw " + e);
            }
        });
    }

    /** The next thing a caller reports, or a note that nothing came within 5 s. */
    private String nextEvent() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        return event == null ? "nothing within 5 s" : event;
    }

    /** Spins (without sleeping) until {@code condition} holds, or 5 s have passed; returns whether it held. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Test
    @DisplayName("runs the call and returns its result, giving the permit back afterwards")
    void runsTheCall() throws Exception {
        // Given
        Bulkhead bulkhead = new Bulkhead(2, FAIL_FAST);

        // When
        int permitsDuring = bulkhead.execute(bulkhead::availablePermits);

        // Then
        assertThat(permitsDuring).as("inside a call, one of the 2 permits is taken").isEqualTo(1);
        assertThat(bulkhead.availablePermits()).as("after it, both are free again").isEqualTo(2);
    }

    @Test
    @DisplayName("fail fast: with maxWait zero, a call beyond maxConcurrentCalls is rejected at once and does not run")
    void failsFast() throws Exception {
        // Given
        Bulkhead bulkhead = new Bulkhead(1, FAIL_FAST);
        AtomicInteger innerRuns = new AtomicInteger();

        // When: the only permit is taken while another call arrives
        Throwable thrown = bulkhead.execute(() -> catchThrowable(() -> bulkhead.execute(innerRuns::incrementAndGet)));

        // Then
        assertThat(thrown).as("no permit and no waiting allowed: BulkheadFullException")
                .isInstanceOf(BulkheadFullException.class);
        assertThat(innerRuns).as("the rejected call never runs").hasValue(0);
    }

    @Test
    @DisplayName("up to maxConcurrentCalls calls run at the same time")
    void allowsUpToTheLimit() throws Exception {
        Bulkhead bulkhead = new Bulkhead(2, FAIL_FAST);
        String inner = bulkhead.execute(() -> bulkhead.execute(() -> "inner"));
        assertThat(inner).as("2 calls at once with maxConcurrentCalls = 2").isEqualTo("inner");
    }

    @Test
    @DisplayName("a failing call gives its permit back, and its exception reaches the caller unchanged")
    void releasesOnFailure() {
        // Given
        Bulkhead bulkhead = new Bulkhead(1, FAIL_FAST);
        IOException failure = new IOException("inventory down");

        // When
        Throwable thrown = catchThrowable(() -> bulkhead.execute(() -> {
            throw failure;
        }));

        // Then
        assertThat(thrown).as("the call's own exception").isSameAs(failure);
        assertThat(bulkhead.availablePermits()).as("the permit must come back even when the call fails (finally)")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("fail fast under load: with many threads at once, exactly maxConcurrentCalls run, the others are rejected")
    void limitHoldsUnderConcurrency() throws Exception {
        // Given
        int max = 3;
        int callers = 8;
        Bulkhead bulkhead = new Bulkhead(max, FAIL_FAST);
        CountDownLatch release = new CountDownLatch(1);

        // When
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            started.add(caller(bulkhead, "caller", release));
        }
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int i = 0; i < callers; i++) {
            String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            seen.add(event == null ? "nothing within 5 s" : event);
        }
        int freeWhileFull = bulkhead.availablePermits();
        release.countDown();
        for (Future<?> future : started) {
            future.get(5, TimeUnit.SECONDS);
        }

        // Then
        assertThat(seen).as("%d callers at once, maxConcurrentCalls = %d: what each saw first", callers, max)
                .containsOnly("caller running", "caller rejected");
        assertThat(seen).as("exactly maxConcurrentCalls run").filteredOn("caller running"::equals).hasSize(max);
        assertThat(freeWhileFull).as("no permit is free while they run").isZero();
        assertThat(bulkhead.availablePermits()).as("all permits are back at the end").isEqualTo(max);
    }

    @Test
    @DisplayName("bounded wait: a caller waits for a permit and runs as soon as one is given back")
    void waitsForAPermit() throws Exception {
        // Given: A holds the only permit
        Bulkhead bulkhead = new Bulkhead(1, PATIENT);
        CountDownLatch releaseA = new CountDownLatch(1);
        caller(bulkhead, "A", releaseA);
        assertThat(nextEvent()).as("A takes the only permit").isEqualTo("A running");

        // When: B arrives and waits
        caller(bulkhead, "B", new CountDownLatch(0));
        boolean bWaits = eventually(() -> bulkhead.waitingCalls() == 1);
        releaseA.countDown();

        // Then
        assertThat(bWaits).as("with maxWait = 30 s, B must wait (waitingCalls() = 1) instead of being rejected: %s",
                events).isTrue();
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent())).as("A finishes, then B gets the permit and runs")
                .containsExactlyInAnyOrder("A done", "B running", "B done");
        assertThat(bulkhead.waitingCalls()).as("nobody waits any more").isZero();
    }

    @Test
    @DisplayName("bounded wait: a caller gives up with BulkheadFullException when no permit comes within maxWait")
    void givesUpAfterMaxWait() throws Exception {
        // Given: the only permit is held for the whole test, maxWait is short
        Bulkhead bulkhead = new Bulkhead(1, Duration.ofMillis(20));
        CountDownLatch never = new CountDownLatch(1);
        caller(bulkhead, "A", never);
        assertThat(nextEvent()).as("A takes the only permit").isEqualTo("A running");

        // When
        caller(bulkhead, "B", new CountDownLatch(0));

        // Then
        assertThat(nextEvent()).as("B waits 20 ms for a permit, gets none, and is rejected (not blocked forever)")
                .isEqualTo("B rejected");
        assertThat(bulkhead.waitingCalls()).as("a caller that gave up no longer counts as waiting").isZero();
        never.countDown();
    }

    @Test
    @DisplayName("bounded wait: a caller interrupted while waiting stops waiting, keeps its interrupt flag, and its call never runs")
    void interruptedWhileWaiting() throws Exception {
        // Given
        Bulkhead bulkhead = new Bulkhead(1, PATIENT);
        CountDownLatch releaseA = new CountDownLatch(1);
        caller(bulkhead, "A", releaseA);
        assertThat(nextEvent()).as("A takes the only permit").isEqualTo("A running");
        Future<?> b = caller(bulkhead, "B", new CountDownLatch(0));
        boolean bWaits = eventually(() -> bulkhead.waitingCalls() == 1);

        // When
        b.cancel(true);

        // Then
        assertThat(bWaits).as("B waits for the permit").isTrue();
        assertThat(nextEvent()).as("B gets InterruptedException and sets the flag again (Thread.currentThread().interrupt())")
                .isEqualTo("B interrupted, flag true");
        releaseA.countDown();
        assertThat(nextEvent()).as("A finishes normally").isEqualTo("A done");
        assertThat(bulkhead.availablePermits()).as("B never took a permit, so the permit count is right").isEqualTo(1);
    }

    @Test
    @DisplayName("rejects maxConcurrentCalls below 1 and a negative maxWait, naming them")
    void validation() {
        assertThatThrownBy(() -> new Bulkhead(0, FAIL_FAST)).as("maxConcurrentCalls 0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentCalls");
        assertThatThrownBy(() -> new Bulkhead(1, Duration.ofMillis(-1))).as("negative maxWait")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThatThrownBy(() -> new Bulkhead(1, null)).as("null maxWait")
                .isInstanceOf(NullPointerException.class).hasMessageContaining("maxWait");
    }
}
