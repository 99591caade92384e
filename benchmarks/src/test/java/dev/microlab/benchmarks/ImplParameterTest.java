package dev.microlab.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.benchmarks.circuitbreaker.CircuitBreakerBenchmark;
import dev.microlab.benchmarks.eventstore.EventStoreReadBenchmark;
import dev.microlab.benchmarks.resilience.BulkheadBenchmark;
import dev.microlab.benchmarks.resilience.RateLimiterBenchmark;
import dev.microlab.benchmarks.resilience.RetryBenchmark;
import java.lang.reflect.Field;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * The {@code impl} parameter of each side-by-side benchmark and the list of implementations its
 * factory accepts must not drift apart: a value missing from the {@code @Param} is never run, a
 * value missing from the factory fails the smoke test with a message that names the others.
 */
class ImplParameterTest {

    static Stream<Class<?>> sideBySideBenchmarks() {
        return Stream.of(CircuitBreakerBenchmark.class, EventStoreReadBenchmark.class, RetryBenchmark.class,
                RateLimiterBenchmark.class, BulkheadBenchmark.class);
    }

    @ParameterizedTest
    @MethodSource("sideBySideBenchmarks")
    @DisplayName("the impl parameter lists exactly the implementations the factory knows, ours first")
    void paramMatchesFactory(Class<?> benchmark) throws Exception {
        // Given
        List<String> param = List.of(benchmark.getField("impl").getAnnotation(Param.class).value());

        // When
        List<String> known = impls(benchmark);

        // Then
        assertThat(param).as("@Param values of %s.impl", benchmark.getSimpleName()).isEqualTo(known);
        assertThat(param.get(0)).as("%s runs microlab's implementation first", benchmark.getSimpleName())
                .startsWith("microlab");
    }

    @ParameterizedTest
    @MethodSource("sideBySideBenchmarks")
    @DisplayName("an unknown impl value fails the setup with a message naming the known ones")
    void unknownImpl(Class<?> benchmark) throws Exception {
        // Given
        Object instance = benchmark.getConstructor().newInstance();
        benchmark.getField("impl").set(instance, "nope");
        for (Field f : benchmark.getFields()) {
            if (f.getType() == int.class) {
                f.setInt(instance, 10);
            }
        }

        // When / Then
        assertThatThrownBy(() -> benchmark.getMethod("setUp").invoke(instance))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impl must be one of " + impls(benchmark))
                .hasMessageContaining("'nope'");
    }

    @SuppressWarnings("unchecked")
    private static List<String> impls(Class<?> benchmark) throws ReflectiveOperationException {
        Class<?> holder = benchmark;
        if (benchmark == CircuitBreakerBenchmark.class) {
            holder = Class.forName("dev.microlab.benchmarks.circuitbreaker.BreakerUnderTest");
        } else if (benchmark == EventStoreReadBenchmark.class) {
            holder = Class.forName("dev.microlab.benchmarks.eventstore.EventStoreReadBenchmark$StoreUnderTest");
        }
        Field field = holder.getDeclaredField("IMPLS");
        field.setAccessible(true);
        return (List<String>) field.get(null);
    }
}
