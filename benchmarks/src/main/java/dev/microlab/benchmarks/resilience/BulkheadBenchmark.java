package dev.microlab.benchmarks.resilience;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
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
 * The cost a (semaphore) bulkhead adds to a permitted call: acquire a permit, run, release it,
 * with 1 and 2 threads sharing one bulkhead of {@value #MAX_CONCURRENT_CALLS} permits (so no
 * call is ever refused or waits). Implementations run side by side, one per value of
 * {@code impl}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkheadBenchmark {

    /** Every {@code impl} value {@link #decorate} accepts. */
    static final List<String> IMPLS = List.of("microlab", "resilience4j", "failsafe");

    /** More permits than benchmark threads. */
    static final int MAX_CONCURRENT_CALLS = 10;

    /** Which bulkhead; must be one of {@link #IMPLS}. */
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

    /** A permitted call, two threads on the same bulkhead. */
    @Benchmark
    @Threads(2)
    public Object permittedCallTwoThreads() {
        return call.get();
    }

    static Supplier<Object> decorate(String impl, Supplier<Object> payload) {
        return switch (impl) {
            case "microlab" -> Payload.unchecked(dev.microlab.core.bulkhead.Bulkhead.builder("benchmark")
                    .maxConcurrentCalls(MAX_CONCURRENT_CALLS)
                    .maxWait(Duration.ZERO)
                    .build().decorate(payload::get));
            case "resilience4j" -> Bulkhead.decorateSupplier(Bulkhead.of("benchmark", BulkheadConfig.custom()
                    .maxConcurrentCalls(MAX_CONCURRENT_CALLS)
                    .maxWaitDuration(Duration.ZERO)
                    .build()), payload);
            case "failsafe" -> {
                FailsafeExecutor<Object> executor = Failsafe.with(
                        dev.failsafe.Bulkhead.builder(MAX_CONCURRENT_CALLS).build());
                CheckedSupplier<Object> checked = payload::get;
                yield () -> executor.get(checked);
            }
            default -> throw new IllegalArgumentException("impl must be one of " + IMPLS + ", but was '" + impl + "'");
        };
    }
}
