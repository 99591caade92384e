package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cheap guard for the zero-allocation claim; JMH's GC profiler in the benchmarks module is the
 * authoritative measurement. Counts bytes, not time.
 */
@DisplayName("CircuitBreaker allocation in CLOSED")
class AllocationTest {

    @ParameterizedTest
    @EnumSource(SlidingWindowType.class)
    @DisplayName("a call through CLOSED with no listener allocates nothing")
    void closedCallAllocatesNothing(SlidingWindowType type) {
        // Given
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counters");
        CircuitBreaker breaker = CircuitBreaker.of("alloc", CircuitBreakerConfig.builder()
                .slidingWindow(type, 100).minimumNumberOfCalls(100).build());
        Supplier<String> call = () -> "ok";
        for (int i = 0; i < 50_000; i++) {
            breaker.executeSupplier(call); // warm up; also fills the time window's first bucket
        }
        long threadId = Thread.currentThread().getId();

        // When
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 100_000; i++) {
            breaker.executeSupplier(call);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // Then: a time window allocates one bucket per second, so allow a few hundred bytes in all
        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(2_048);
    }
}
