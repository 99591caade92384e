package dev.microlab.core.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.bulkhead.Bulkhead;
import dev.microlab.core.bulkhead.BulkheadConfig;
import dev.microlab.core.ratelimiter.RateLimiter;
import dev.microlab.core.ratelimiter.RateLimiterConfig;
import dev.microlab.core.retry.Retry;
import dev.microlab.core.retry.RetryConfig;
import dev.microlab.core.timeout.TimeLimiter;
import dev.microlab.core.timeout.TimeLimiterConfig;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.provider.Arguments;

/** One naming rule for every policy (as CircuitBreaker and PolicyStack): not null, not blank. */
@DisplayName("Every policy's name")
class PolicyNamesTest {

    static List<Arguments> factories() {
        return List.of(
                Arguments.of("Retry.builder", (Function<String, Object>) n -> Retry.builder(n).build()),
                Arguments.of("Retry.of", (Function<String, Object>) n -> Retry.of(n, RetryConfig.ofDefaults())),
                Arguments.of("Retry.ofDefaults", (Function<String, Object>) Retry::ofDefaults),
                Arguments.of("Bulkhead.builder", (Function<String, Object>) n -> Bulkhead.builder(n).build()),
                Arguments.of("Bulkhead.of", (Function<String, Object>) n -> Bulkhead.of(n, BulkheadConfig.ofDefaults())),
                Arguments.of("Bulkhead.ofDefaults", (Function<String, Object>) Bulkhead::ofDefaults),
                Arguments.of("RateLimiter.builder", (Function<String, Object>) n -> RateLimiter.builder(n).build()),
                Arguments.of("RateLimiter.of",
                        (Function<String, Object>) n -> RateLimiter.of(n, RateLimiterConfig.ofDefaults())),
                Arguments.of("RateLimiter.ofDefaults", (Function<String, Object>) RateLimiter::ofDefaults),
                Arguments.of("TimeLimiter.builder", (Function<String, Object>) n -> TimeLimiter.builder(n).build()),
                Arguments.of("TimeLimiter.of",
                        (Function<String, Object>) n -> TimeLimiter.of(n, TimeLimiterConfig.ofDefaults())),
                Arguments.of("TimeLimiter.ofDefaults", (Function<String, Object>) TimeLimiter::ofDefaults));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    @DisplayName("a blank name is rejected, naming the field and the value")
    void blankRejected(String factory, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was '  '");
        assertThatThrownBy(() -> create.apply("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, but was ''");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    @DisplayName("a null name is rejected, naming the parameter")
    void nullRejected(String factory, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name must not be null");
    }
}
