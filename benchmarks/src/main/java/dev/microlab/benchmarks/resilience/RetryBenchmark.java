package dev.microlab.benchmarks.resilience;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
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
 * The cost a retry policy adds to a call that succeeds at its first attempt (the common case),
 * with 1 and 2 threads sharing one policy; each implementation allows 3 attempts.
 * Implementations run side by side, one per value of {@code impl}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RetryBenchmark {

    /** Every {@code impl} value {@link #decorate} accepts. */
    static final List<String> IMPLS = List.of("microlab", "resilience4j", "failsafe");

    /** Which retry; must be one of {@link #IMPLS}. */
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

    /** A call that succeeds at once, one thread. */
    @Benchmark
    @Threads(1)
    public Object successfulCall() {
        return call.get();
    }

    /** A call that succeeds at once, two threads on the same policy. */
    @Benchmark
    @Threads(2)
    public Object successfulCallTwoThreads() {
        return call.get();
    }

    static Supplier<Object> decorate(String impl, Supplier<Object> payload) {
        return switch (impl) {
            case "microlab" -> Payload.unchecked(dev.microlab.core.retry.Retry.builder("benchmark")
                    .maxAttempts(3).build().decorate(payload::get));
            case "resilience4j" -> Retry.decorateSupplier(
                    Retry.of("benchmark", RetryConfig.custom().maxAttempts(3).build()), payload);
            case "failsafe" -> {
                FailsafeExecutor<Object> executor = Failsafe.with(RetryPolicy.builder().withMaxRetries(2).build());
                CheckedSupplier<Object> checked = payload::get;
                yield () -> executor.get(checked);
            }
            default -> throw new IllegalArgumentException("impl must be one of " + IMPLS + ", but was '" + impl + "'");
        };
    }
}
