package dev.microlab.benchmarks.circuitbreaker;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.microlab.benchmarks.baseline.SynchronizedCircuitBreaker;
import dev.microlab.circuitbreaker.CircuitBreakerConfig;
import dev.microlab.core.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One circuit-breaker implementation, as {@link CircuitBreakerBenchmark} drives it: decorate a
 * call once, then run it many times; force the breaker open; tell its rejection apart.
 *
 * <p>Each implementation is named by the value of the benchmark's {@code impl} parameter.
 * Every breaker is built with its library's defaults, except that the open state lasts an
 * hour, so that an opened breaker stays open for the whole measurement.
 */
interface BreakerUnderTest {

    /** How long a breaker stays open once opened: longer than any benchmark run. */
    Duration OPEN_FOR = Duration.ofHours(1);

    /** Every {@code impl} value {@link #create} accepts, in the order of the benchmark's parameter. */
    List<String> IMPLS = List.of("microlab", "microlab+micrometer", "resilience4j", "resilience4j+micrometer",
            "resilience4j-lockfree", "failsafe", "baseline-synchronized");

    /** The call protected by this breaker; the caller creates it once and reuses it. */
    Supplier<Object> decorate(Supplier<Object> call);

    /** Moves the breaker to its OPEN state (with an open wait of {@link #OPEN_FOR}). */
    void open();

    /** Whether {@code failure} is this breaker's "call not permitted" rejection. */
    boolean isRejection(Throwable failure);

    /**
     * A new closed breaker of the implementation named {@code impl}.
     *
     * @throws IllegalArgumentException if {@code impl} is not one of {@link #IMPLS}
     */
    static BreakerUnderTest create(String impl) {
        Objects.requireNonNull(impl, "impl must not be null");
        return switch (impl) {
            case "microlab" -> new Microlab();
            case "microlab+micrometer" -> Microlab.withMicrometer();
            case "resilience4j" -> new Resilience4j(false);
            case "resilience4j+micrometer" -> Resilience4j.withMicrometer();
            case "resilience4j-lockfree" -> new Resilience4j(true);
            case "failsafe" -> new FailsafeBreaker();
            case "baseline-synchronized" -> new Baseline();
            default -> throw new IllegalArgumentException("impl must be one of " + IMPLS + ", but was '" + impl + "'");
        };
    }

    /** microlab's lock-free breaker with its default config (a count window of 100 calls). */
    final class Microlab implements BreakerUnderTest {
        private final dev.microlab.circuitbreaker.CircuitBreaker breaker = dev.microlab.circuitbreaker.CircuitBreaker
                .of("benchmark", CircuitBreakerConfig.builder().waitDurationInOpen(OPEN_FOR).build());

        /**
         * The same breaker with observability's Micrometer binder bound (state, rates, buffered
         * and rejected calls, read at scrape time), as a service exporting metrics runs it.
         */
        static Microlab withMicrometer() {
            Microlab m = new Microlab();
            dev.microlab.observability.MicrolabMetrics.of(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                    .bind(m.breaker);
            return m;
        }

        @Override
        public Supplier<Object> decorate(Supplier<Object> call) {
            return breaker.decorateSupplier(call);
        }

        @Override
        public void open() {
            breaker.transitionToOpenState();
        }

        @Override
        public boolean isRejection(Throwable failure) {
            return failure instanceof dev.microlab.circuitbreaker.CallNotPermittedException;
        }
    }

    /**
     * Resilience4j 2.x with its default config (a count window of 100 calls, synchronized), or
     * with the lock-free window it offers since 2.3.
     */
    final class Resilience4j implements BreakerUnderTest {
        private final CircuitBreaker breaker;

        Resilience4j(boolean lockFree) {
            this(CircuitBreaker.of("benchmark", config(lockFree)));
        }

        private Resilience4j(CircuitBreaker breaker) {
            this.breaker = breaker;
        }

        private static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig config(boolean lockFree) {
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder config =
                    io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom().waitDurationInOpenState(OPEN_FOR);
            if (lockFree) {
                config.slidingWindowSynchronizationStrategy(SlidingWindowSynchronizationStrategy.LOCK_FREE);
            }
            return config.build();
        }

        /**
         * The default breaker with resilience4j-micrometer's {@code TaggedCircuitBreakerMetrics}
         * bound: its gauges and function counters over the breaker's metrics, the counterpart of
         * microlab's binder (the call-duration timers of {@code TaggedCircuitBreakerMetricsPublisher}
         * have no counterpart in microlab's binder and are left out).
         */
        static Resilience4j withMicrometer() {
            io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry registry =
                    io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.of(config(false));
            CircuitBreaker breaker = registry.circuitBreaker("benchmark");
            io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry)
                    .bindTo(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            return new Resilience4j(breaker);
        }

        @Override
        public Supplier<Object> decorate(Supplier<Object> call) {
            return CircuitBreaker.decorateSupplier(breaker, call);
        }

        @Override
        public void open() {
            breaker.transitionToOpenState();
        }

        @Override
        public boolean isRejection(Throwable failure) {
            return failure instanceof CallNotPermittedException;
        }
    }

    /** Failsafe 3.x with its default breaker config, run through a reused executor. */
    final class FailsafeBreaker implements BreakerUnderTest {
        private final dev.failsafe.CircuitBreaker<Object> breaker =
                dev.failsafe.CircuitBreaker.builder().withDelay(OPEN_FOR).build();
        private final FailsafeExecutor<Object> executor = Failsafe.with(breaker);

        @Override
        public Supplier<Object> decorate(Supplier<Object> call) {
            CheckedSupplier<Object> checked = call::get;
            return () -> executor.get(checked);
        }

        @Override
        public void open() {
            breaker.open();
        }

        @Override
        public boolean isRejection(Throwable failure) {
            return failure instanceof CircuitBreakerOpenException;
        }
    }

    /** The {@code synchronized} teaching-code breaker (a baseline, not a library). */
    final class Baseline implements BreakerUnderTest {
        private final SynchronizedCircuitBreaker breaker =
                new SynchronizedCircuitBreaker(5, OPEN_FOR, TimeSource.system());

        @Override
        public Supplier<Object> decorate(Supplier<Object> call) {
            return () -> breaker.call(call);
        }

        @Override
        public void open() {
            breaker.open();
        }

        @Override
        public boolean isRejection(Throwable failure) {
            return failure instanceof SynchronizedCircuitBreaker.CircuitOpenException;
        }
    }
}
