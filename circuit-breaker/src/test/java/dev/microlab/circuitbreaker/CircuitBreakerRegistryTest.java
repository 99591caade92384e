package dev.microlab.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreakerRegistry")
class CircuitBreakerRegistryTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreakerConfig slow = CircuitBreakerConfig.builder().slowCallDuration(Duration.ofSeconds(5)).build();
    private final CircuitBreakerConfig strict = CircuitBreakerConfig.builder().failureRateThreshold(10).build();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder()
            .defaultConfig(strict).addConfig("slow-backends", slow).timeSource(time).build();

    @Test
    @DisplayName("the same name gives the same breaker")
    void sameNameSameBreaker() {
        CircuitBreaker first = registry.circuitBreaker("payments");

        assertThat(registry.circuitBreaker("payments")).isSameAs(first);
        assertThat(registry.circuitBreaker("payments", "slow-backends")).as("the existing breaker wins").isSameAs(first);
        assertThat(registry.names()).containsExactly("payments");
    }

    @Test
    @DisplayName("breakers get the default config unless a named config is asked for")
    void configs() {
        assertThat(registry.circuitBreaker("payments").config()).isSameAs(strict);
        assertThat(registry.circuitBreaker("reports", "slow-backends").config()).isSameAs(slow);
        assertThat(registry.config("slow-backends")).contains(slow);
        assertThat(registry.defaultConfig()).isSameAs(strict);
    }

    @Test
    @DisplayName("an unknown config name is rejected with the known names")
    void unknownConfig() {
        assertThatThrownBy(() -> registry.circuitBreaker("reports", "fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must be one of [slow-backends], but was 'fast'");
    }

    @Test
    @DisplayName("every breaker reads the registry's time source")
    void sharedTimeSource() {
        assertThat(registry.circuitBreaker("payments").timeSource()).isSameAs(time);
    }

    @Test
    @DisplayName("a config name can be registered once")
    void duplicateConfigName() {
        assertThatThrownBy(() -> CircuitBreakerRegistry.builder().addConfig("a", slow).addConfig("a", strict))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must be unique, but 'a' was already registered");
    }

    @Test
    @DisplayName("automatic transitions need the registry to have a scheduler")
    void automaticNeedsScheduler() {
        CircuitBreakerConfig automatic = CircuitBreakerConfig.builder().automaticTransitionToHalfOpen(true).build();

        assertThatThrownBy(() -> CircuitBreakerRegistry.builder().addConfig("auto", automatic).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config 'auto' enables automaticTransitionToHalfOpen");
        CircuitBreakerRegistry withScheduler = CircuitBreakerRegistry.builder().defaultConfig(automatic)
                .timeSource(time).scheduler(new ManualScheduler(time)).build();
        assertThat(withScheduler.circuitBreaker("a").config().automaticTransitionToHalfOpen()).isTrue();
    }

    @Test
    @DisplayName("remove forgets a breaker; the next request creates a new one")
    void remove() {
        CircuitBreaker first = registry.circuitBreaker("payments");

        assertThat(registry.remove("payments")).contains(first);
        assertThat(registry.find("payments")).isEmpty();
        assertThat(registry.circuitBreaker("payments")).isNotSameAs(first);
        assertThat(registry.all()).hasSize(1);
    }
}
