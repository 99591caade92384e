package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("CircuitBreaker under concurrency")
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final Set<String> AUTOMATIC_EDGES = Set.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN",
            "HALF_OPEN->CLOSED");

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("worker threads must stop").isTrue();
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(20, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    @DisplayName("threads racing into an expired OPEN state get exactly the permitted trial calls, round after round")
    void halfOpenNeverOverAdmits() throws Exception {
        // Given an open breaker whose wait is over, 3 trial permits, and 8 threads at a barrier
        ManualTimeSource time = new ManualTimeSource();
        CircuitBreaker breaker = CircuitBreaker.builder("race").timeSource(time)
                .config(CircuitBreakerConfig.builder().permittedCallsInHalfOpen(3)
                        .waitDurationInOpen(Duration.ofSeconds(1)).build()).build();
        Calls.Recorder recorder = new Calls.Recorder(breaker);

        for (int round = 0; round < 200; round++) {
            breaker.transitionToOpenState();
            time.advance(Duration.ofSeconds(1));
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                racers.add(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return breaker.tryAcquirePermission();
                });
            }

            // When they all ask for a permit at once
            long admitted = runAll(racers).stream().filter(Boolean::booleanValue).count();

            // Then
            assertThat(admitted).as("round %d: admitted trial calls", round).isEqualTo(3);
            assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        }
        assertThat(recorder.transitions()).as("one OPEN->HALF_OPEN per round, never two")
                .filteredOn("OPEN->HALF_OPEN"::equals).hasSize(200);
    }

    @Test
    @DisplayName("decorated calls racing in HALF_OPEN: only the permitted suppliers run, and the trial decides once")
    void halfOpenRunsOnlyPermittedSuppliers() throws Exception {
        // Given a half-open breaker with 3 trial permits, and suppliers that block until every thread has tried
        CircuitBreaker breaker = CircuitBreaker.builder("race").timeSource(new ManualTimeSource())
                .config(CircuitBreakerConfig.builder().permittedCallsInHalfOpen(3).build()).build();
        breaker.transitionToHalfOpenState();
        Calls.Recorder recorder = new Calls.Recorder(breaker);
        CountDownLatch attempted = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        List<Callable<String>> callers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            callers.add(() -> {
                try {
                    return breaker.executeSupplier(() -> {
                        ran.incrementAndGet();
                        attempted.countDown();
                        await(release);
                        return "ran";
                    });
                } catch (CallNotPermittedException e) {
                    attempted.countDown();
                    return "rejected";
                }
            });
        }

        // When every thread has tried while the admitted ones are still running, then they finish
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<String> caller : callers) {
            futures.add(pool.submit(caller));
        }
        assertThat(attempted.await(10, TimeUnit.SECONDS)).as("every thread tried").isTrue();
        int runningAtPeak = ran.get();
        release.countDown();
        long rejectedCalls = 0;
        for (Future<String> future : futures) {
            rejectedCalls += "rejected".equals(future.get(10, TimeUnit.SECONDS)) ? 1 : 0;
        }

        // Then
        assertThat(runningAtPeak).as("suppliers running at once in HALF_OPEN").isEqualTo(3);
        assertThat(rejectedCalls).isEqualTo(THREADS - 3);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(recorder.transitions()).as("the three successes close it exactly once").containsExactly("HALF_OPEN->CLOSED");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the call");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("mixed outcomes on many threads with a clock moved concurrently: legal transitions, each once, and every call accounted for")
    void chaos() throws Exception {
        // Given a small, fast-moving breaker driven by a manual clock and scheduler
        ManualTimeSource time = new ManualTimeSource();
        ManualScheduler scheduler = new ManualScheduler(time);
        int permitted = 3;
        CircuitBreaker breaker = CircuitBreaker.builder("chaos").timeSource(time).scheduler(scheduler)
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 20).minimumNumberOfCalls(10)
                        .failureRateThreshold(50).slowCallDuration(Duration.ofMillis(50)).slowCallRateThreshold(80)
                        .permittedCallsInHalfOpen(permitted).waitDurationInOpen(Duration.ofMillis(300))
                        .maxWaitInHalfOpen(Duration.ofSeconds(2)).automaticTransitionToHalfOpen(true)
                        .ignoreExceptions(IllegalArgumentException.class).build()).build();
        Calls.Recorder recorder = new Calls.Recorder(breaker);
        AtomicInteger maxHalfOpenBuffered = new AtomicInteger();
        AtomicLong executed = new AtomicLong();
        AtomicLong ignored = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicBoolean workersDone = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);

        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(42 + t);
            tasks.add(() -> {
                go.await();
                for (int i = 0; i < 3_000; i++) {
                    int kind = random.nextInt(10);
                    try {
                        breaker.executeSupplier(() -> {
                            executed.incrementAndGet();
                            if (kind < 4) {
                                throw new Calls.Boom();
                            }
                            if (kind == 4) {
                                ignored.incrementAndGet();
                                throw new IllegalArgumentException("ignored");
                            }
                            return "ok";
                        });
                    } catch (CallNotPermittedException e) {
                        rejected.incrementAndGet();
                    } catch (Calls.Boom | IllegalArgumentException expected) {
                        // recorded or ignored
                    }
                    CircuitBreakerMetrics m = breaker.metrics();
                    if (m.state() == State.HALF_OPEN) {
                        maxHalfOpenBuffered.accumulateAndGet((int) m.bufferedCalls(), Math::max);
                    }
                }
                return 0;
            });
        }
        tasks.add(() -> {
            go.await();
            int steps = 0;
            while (!workersDone.get()) {
                scheduler.advance(Duration.ofMillis(10)); // runs due transitions on this thread
                steps++;
                Thread.yield();
            }
            return steps;
        });

        // When
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> task : tasks) {
            futures.add(pool.submit(task));
        }
        go.countDown();
        for (int t = 0; t < THREADS; t++) {
            futures.get(t).get(30, TimeUnit.SECONDS);
        }
        workersDone.set(true);
        futures.get(THREADS).get(30, TimeUnit.SECONDS);

        // Then every published transition is a legal edge
        List<String> transitions = recorder.transitions();
        assertThat(transitions).as("the breaker must have cycled through its states").hasSizeGreaterThan(3);
        assertThat(transitions).as("only automatic edges, never X->X").allMatch(AUTOMATIC_EDGES::contains);
        // and each was published exactly once: per state, entries minus exits is 1 for the final state
        Map<State, Integer> balance = new EnumMap<>(State.class);
        balance.merge(State.CLOSED, 1, Integer::sum);
        for (CircuitBreakerEvent.StateTransition t : recorder.of(CircuitBreakerEvent.StateTransition.class)) {
            balance.merge(t.from(), -1, Integer::sum);
            balance.merge(t.to(), 1, Integer::sum);
        }
        State last = breaker.state();
        for (State s : State.values()) {
            assertThat(balance.getOrDefault(s, 0)).as("entries minus exits of %s (final state %s)", s, last)
                    .isEqualTo(s == last ? 1 : 0);
        }
        // and, sorted by sequence, the transitions form one chain from CLOSED to the final state
        List<CircuitBreakerEvent.StateTransition> history = new ArrayList<>(
                recorder.of(CircuitBreakerEvent.StateTransition.class));
        history.sort(java.util.Comparator.comparingLong(CircuitBreakerEvent::sequence));
        State expectedFrom = State.CLOSED;
        for (CircuitBreakerEvent.StateTransition t : history) {
            assertThat(t.from()).as("transition #%d follows the previous one (%s)", t.sequence(), history)
                    .isEqualTo(expectedFrom);
            expectedFrom = t.to();
        }
        assertThat(expectedFrom).as("the sorted history ends in the final state").isEqualTo(last);
        assertThat(recorder.events).extracting(CircuitBreakerEvent::sequence).as("sequence numbers are unique")
                .doesNotHaveDuplicates();
        // and every call is accounted for
        long recordedEvents = recorder.of(CircuitBreakerEvent.Success.class).size()
                + recorder.of(CircuitBreakerEvent.Error.class).size();
        assertThat(recordedEvents + recorder.of(CircuitBreakerEvent.IgnoredError.class).size())
                .as("one outcome event per call that ran").isEqualTo(executed.get());
        assertThat(recorder.of(CircuitBreakerEvent.IgnoredError.class)).hasSize((int) ignored.get());
        assertThat(recorder.of(CircuitBreakerEvent.NotPermitted.class)).hasSize((int) rejected.get());
        assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(rejected.get());
        assertThat(executed.get() + rejected.get()).isEqualTo(THREADS * 3_000L);
        assertThat(maxHalfOpenBuffered.get()).as("half-open never recorded more trial outcomes than permitted")
                .isLessThanOrEqualTo(permitted);
    }

    @ParameterizedTest
    @EnumSource(SlidingWindowType.class)
    @DisplayName("the snapshot counts equal the calls made from many threads, with the clock moving")
    void countsEqualCallsMade(SlidingWindowType type) throws Exception {
        // Given a window large enough to hold every call, which never opens
        ManualTimeSource time = new ManualTimeSource();
        int perThread = 5_000;
        int size = type == SlidingWindowType.COUNT_BASED ? THREADS * perThread : 3_600;
        CircuitBreaker breaker = CircuitBreaker.builder("counts").timeSource(time)
                .config(CircuitBreakerConfig.builder().slidingWindow(type, size).minimumNumberOfCalls(100)
                        .failureRateThreshold(100).slowCallRateThreshold(100)
                        .slowCallDuration(Duration.ofMillis(100)).build()).build();
        AtomicLong failures = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(7 + t);
            tasks.add(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int kind = random.nextInt(4);
                    if (kind == 0) {
                        failures.incrementAndGet();
                        breaker.acquirePermission(); // explicit durations: the shared clock moves under the calls
                        breaker.onError(Duration.ofMillis(1).toNanos(), new Calls.Boom());
                    } else if (kind == 1) {
                        slow.incrementAndGet();
                        breaker.acquirePermission();
                        breaker.onSuccess(Duration.ofMillis(500).toNanos());
                    } else {
                        breaker.acquirePermission();
                        breaker.onSuccess(Duration.ofMillis(1).toNanos());
                    }
                    if (i % 100 == 0) {
                        time.advance(Duration.ofMillis(50)); // 2.5 s per thread at most: all inside the window
                    }
                }
                return 0;
            });
        }

        // When
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> task : tasks) {
            futures.add(pool.submit(task));
        }
        go.countDown();
        for (Future<Integer> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }

        // Then
        CircuitBreakerMetrics m = breaker.metrics();
        assertThat(m.state()).as("a failure threshold of 100 %% is never reached with mixed outcomes")
                .isEqualTo(State.CLOSED);
        assertThat(m.bufferedCalls()).as("buffered calls").isEqualTo(THREADS * (long) perThread);
        assertThat(m.failedCalls()).as("failed calls").isEqualTo(failures.get());
        assertThat(m.slowCalls()).as("slow calls").isEqualTo(slow.get());
    }
}
