package dev.microlab.benchmarks.resilience;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.List;
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

/**
 * The cost a rate limiter adds to a permitted call, with 1 and 2 threads sharing one limiter.
 * The limit ({@value #PERMITS_PER_SECOND} calls per second) is far above what the benchmark
 * reaches, so every call is permitted and never waits: this is the bookkeeping alone.
 * Implementations run side by side, one per value of {@code impl}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {

    /** Every {@code impl} value {@link #decorate} accepts. */
    static final List<String> IMPLS = List.of("microlab", "resilience4j", "failsafe");

    /** More calls per second than two threads can make. */
    static final int PERMITS_PER_SECOND = 1_000_000_000;

    /** Which limiter; must be one of {@link #IMPLS}. */
    @Param({"microlab", "resilience4j", "failsafe"})
    public String impl;

    /** The payload's size in {@code Blackhole.consumeCPU} tokens. */
    @Param("50")
    public int payloadTokens;

    private Supplier<Object> call;

    @Setup
    public void setUp() {
        call = decorate(impl, Payload.of(payloadTokens));
    }

    /** A permitted call, one thread. */
    @Benchmark
    @Threads(1)
    public Object permittedCall() {
        return call.get();
    }

    /** A permitted call, two threads on the same limiter. */
    @Benchmark
    @Threads(2)
    public Object permittedCallTwoThreads() {
        return call.get();
    }

    static Supplier<Object> decorate(String impl, Supplier<Object> payload) {
        return switch (impl) {
            case "microlab" -> Payload.unchecked(dev.microlab.core.ratelimiter.RateLimiter.builder("benchmark")
                    .rate(PERMITS_PER_SECOND, Duration.ofSeconds(1))
                    .maxWait(Duration.ZERO)
                    .build().decorate(payload::get));
            case "resilience4j" -> RateLimiter.decorateSupplier(RateLimiter.of("benchmark", RateLimiterConfig.custom()
                    .limitForPeriod(PERMITS_PER_SECOND)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build()), payload);
            case "failsafe" -> {
                FailsafeExecutor<Object> executor = Failsafe.with(
                        dev.failsafe.RateLimiter.burstyBuilder(PERMITS_PER_SECOND, Duration.ofSeconds(1)).build());
                CheckedSupplier<Object> checked = payload::get;
                yield () -> executor.get(checked);
            }
            default -> throw new IllegalArgumentException("impl must be one of " + IMPLS + ", but was '" + impl + "'");
        };
    }
}
