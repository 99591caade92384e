package dev.microlab.benchmarks.circuitbreaker;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost a circuit breaker adds to every call: in the CLOSED state around a small payload
 * (1 and 2 threads sharing one breaker), and in the OPEN state where the call is rejected.
 *
 * <p>The OPEN rejection uses each library's default config: microlab's rejection is stackless by
 * default, Resilience4j's and Failsafe's fill in a stack trace.
 *
 * <p>Implementations run side by side, one per value of {@code impl} (see
 * {@link BreakerUnderTest#create}): microlab's breaker, Resilience4j in its default (synchronized window) and
 * lock-free window modes, Failsafe, and the {@code synchronized} teaching-code baseline; and
 * microlab's and Resilience4j's default breakers with their Micrometer binders bound
 * ({@code +micrometer}), to show what exporting metrics costs a call. Each
 * breaker decorates the payload once, as an application would, and the benchmark calls the
 * decorated supplier. Throughput is in calls per microsecond; run with {@code -prof gc} to
 * see the allocation per call.
 *
 * <p>Read the baseline's CLOSED figures with care: it keeps no sliding window and reads no clock
 * on a successful call (it only counts consecutive failures), so it does less work than any
 * real breaker there; its cost shows under contention and in what it gets wrong.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CircuitBreakerBenchmark {

    private static final Object RESULT = "ok";

    /** Which breaker; must be one of {@link BreakerUnderTest#IMPLS}. */
    @Param({"microlab", "microlab+micrometer", "resilience4j", "resilience4j+micrometer", "resilience4j-lockfree",
        "failsafe", "baseline-synchronized"})
    public String impl;

    /**
     * The payload's size in {@link Blackhole#consumeCPU} tokens: a stand-in for cheap real work.
     * 10 (a few ns) makes the breaker's own overhead visible; 50 is the suite's common payload.
     */
    @Param({"10", "50"})
    public int payloadTokens;

    private BreakerUnderTest openBreaker;
    private Supplier<Object> closedCall;
    private Supplier<Object> openCall;

    @Setup
    public void setUp() {
        int tokens = payloadTokens;
        Supplier<Object> payload = () -> {
            Blackhole.consumeCPU(tokens);
            return RESULT;
        };
        closedCall = BreakerUnderTest.create(impl).decorate(payload);
        openBreaker = BreakerUnderTest.create(impl);
        openBreaker.open();
        openCall = openBreaker.decorate(payload);
    }

    /** A permitted call in the CLOSED state, one thread. */
    @Benchmark
    @Threads(1)
    public Object closedCall() {
        return closedCall.get();
    }

    /** A permitted call in the CLOSED state, two threads on the same breaker. */
    @Benchmark
    @Threads(2)
    public Object closedCallTwoThreads() {
        return closedCall.get();
    }

    /** A call rejected in the OPEN state, including creating and catching the rejection. */
    @Benchmark
    @Threads(1)
    public Object openRejection() {
        try {
            Object result = openCall.get();
            throw new IllegalStateException(impl + " let a call through while open; it returned " + result);
        } catch (RuntimeException e) {
            if (!openBreaker.isRejection(e)) {
                throw e;
            }
            return e;
        }
    }
}
