package dev.microlab.circuitbreaker;

import static dev.microlab.circuitbreaker.Calls.fail;
import static dev.microlab.circuitbreaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker manual states and reset")
class ManualStatesTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreaker breaker = CircuitBreaker.builder("backend")
            .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 2).minimumNumberOfCalls(2)
                    .waitDurationInOpen(Duration.ofSeconds(10)).build())
            .timeSource(time).build();
    private final Calls.Recorder recorder = new Calls.Recorder(breaker);

    @Test
    @DisplayName("DISABLED permits every call and records nothing")
    void disabled() {
        // Given
        breaker.transitionToDisabledState();

        // When
        fail(breaker, 10);

        // Then
        assertThat(breaker.state()).as("failures never open a disabled breaker").isEqualTo(State.DISABLED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(recorder.of(CircuitBreakerEvent.Error.class)).as("nothing is recorded, so nothing is published").isEmpty();
    }

    @Test
    @DisplayName("FORCED_OPEN rejects every call, however long it waits")
    void forcedOpen() {
        // Given
        breaker.transitionToForcedOpenState();

        // When
        time.advance(Duration.ofDays(1));

        // Then
        assertThatThrownBy(() -> succeed(breaker, 1)).isInstanceOfSatisfying(CallNotPermittedException.class,
                e -> assertThat(e.state()).isEqualTo(State.FORCED_OPEN));
        assertThat(breaker.state()).isEqualTo(State.FORCED_OPEN);
    }

    @Test
    @DisplayName("METRICS_ONLY records every call but never opens")
    void metricsOnly() {
        // Given
        breaker.transitionToMetricsOnlyState();

        // When
        fail(breaker, 5);

        // Then
        assertThat(breaker.state()).isEqualTo(State.METRICS_ONLY);
        assertThat(breaker.metrics().failureRate()).as("the window is still evaluated").isEqualTo(100f);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("a manual transition to the current state does nothing and publishes nothing")
    void sameStateTransitionIsNoOp() {
        // Given
        breaker.transitionToOpenState();

        // When
        boolean changed = breaker.transitionToOpenState();

        // Then
        assertThat(changed).isFalse();
        assertThat(recorder.transitions()).as("no OPEN->OPEN is ever published").containsExactly("CLOSED->OPEN");
    }

    @Test
    @DisplayName("each manual transition is published with its from and to states")
    void manualTransitionsArePublished() {
        breaker.transitionToForcedOpenState();
        breaker.transitionToDisabledState();
        breaker.transitionToMetricsOnlyState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToClosedState();

        assertThat(recorder.transitions()).containsExactly("CLOSED->FORCED_OPEN", "FORCED_OPEN->DISABLED",
                "DISABLED->METRICS_ONLY", "METRICS_ONLY->HALF_OPEN", "HALF_OPEN->CLOSED");
    }

    @Test
    @DisplayName("reset closes the breaker with empty metrics and publishes Reset")
    void reset() {
        // Given an open breaker that rejected a call
        fail(breaker, 2);
        assertThatThrownBy(() -> succeed(breaker, 1)).isInstanceOf(CallNotPermittedException.class);

        // When
        breaker.reset();

        // Then
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().notPermittedCalls()).isZero();
        assertThat(recorder.of(CircuitBreakerEvent.Reset.class)).hasSize(1);
    }
}
