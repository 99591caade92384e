package dev.microlab.circuitbreaker;

import static dev.microlab.circuitbreaker.Calls.fail;
import static dev.microlab.circuitbreaker.Calls.slow;
import static dev.microlab.circuitbreaker.Calls.succeed;
import static dev.microlab.circuitbreaker.Calls.throwing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.event.EventPublisher;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker events")
class EventsTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreaker breaker = CircuitBreaker.builder("payments")
            .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 2).minimumNumberOfCalls(2)
                    .slowCallDuration(Duration.ofSeconds(1)).slowCallRateThreshold(100)
                    .ignoreExceptions(IllegalArgumentException.class).build())
            .timeSource(time).build();
    private final Calls.Recorder recorder = new Calls.Recorder(breaker);

    @Test
    @DisplayName("opening publishes FailureRateExceeded, then one StateTransition")
    void openingEvents() {
        // When
        fail(breaker, 2);

        // Then
        assertThat(recorder.events).filteredOn(e -> !(e instanceof CircuitBreakerEvent.Error))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("FailureRateExceeded", "StateTransition");
        assertThat(recorder.of(CircuitBreakerEvent.FailureRateExceeded.class).get(0).failureRate()).isEqualTo(100f);
        assertThat(recorder.transitions()).containsExactly("CLOSED->OPEN");
    }

    @Test
    @DisplayName("slow calls publish SlowCallRateExceeded when they open the breaker")
    void slowCallEvent() {
        // When
        slow(breaker, time, Duration.ofSeconds(2), 2);

        // Then
        assertThat(recorder.of(CircuitBreakerEvent.SlowCallRateExceeded.class))
                .singleElement().satisfies(e -> assertThat(e.slowCallRate()).isEqualTo(100f));
        assertThat(recorder.of(CircuitBreakerEvent.FailureRateExceeded.class)).isEmpty();
    }

    @Test
    @DisplayName("each outcome publishes Success, Error or IgnoredError with the elapsed time of the time source")
    void outcomeEvents() {
        // When
        throwing(breaker, new IllegalArgumentException("ignored"));
        breaker.executeSupplier(() -> {
            time.advance(Duration.ofMillis(250));
            return "ok";
        });
        fail(breaker, 1);

        // Then
        assertThat(recorder.of(CircuitBreakerEvent.Success.class)).singleElement()
                .satisfies(e -> assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(250)));
        assertThat(recorder.of(CircuitBreakerEvent.Error.class)).singleElement()
                .satisfies(e -> assertThat(e.error()).isInstanceOf(Calls.Boom.class));
        assertThat(recorder.of(CircuitBreakerEvent.IgnoredError.class)).singleElement()
                .satisfies(e -> assertThat(e.error()).hasMessage("ignored"));
        assertThat(recorder.events).allSatisfy(e -> {
            assertThat(e.breakerName()).isEqualTo("payments");
            assertThat(e.time()).isAfterOrEqualTo(ManualTimeSource.DEFAULT_START);
        });
    }

    @Test
    @DisplayName("a rejection publishes NotPermitted with the state")
    void notPermittedEvent() {
        // Given
        breaker.transitionToForcedOpenState();

        // When
        assertThatThrownBy(() -> succeed(breaker, 1)).isInstanceOf(CallNotPermittedException.class);

        // Then
        assertThat(recorder.of(CircuitBreakerEvent.NotPermitted.class)).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(State.FORCED_OPEN));
    }

    @Test
    @DisplayName("a listener that throws does not break the call or the breaker")
    void throwingListener() {
        // Given
        breaker.eventPublisher().subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });

        // When
        fail(breaker, 2);

        // Then
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(recorder.transitions()).as("the other listeners still run").containsExactly("CLOSED->OPEN");
    }

    @Test
    @DisplayName("a closed registration receives nothing more")
    void unsubscribe() {
        // Given
        java.util.List<CircuitBreakerEvent> received = new java.util.ArrayList<>();
        EventPublisher.ListenerRegistration registration = breaker.eventPublisher().subscribe(received::add);

        // When
        registration.close();
        succeed(breaker, 1);

        // Then
        assertThat(recorder.events).as("the event was published").hasSize(1);
        assertThat(received).as("but not to the closed registration").isEmpty();
        assertThat(breaker.eventPublisher().listenerCount()).as("only the recorder is left").isEqualTo(1);
    }

    @Test
    @DisplayName("METRICS_ONLY publishes FailureRateExceeded once per crossing of the threshold, not per call")
    void metricsOnlyFailureRateCrossings() {
        // Given a 2-call window watched in METRICS_ONLY
        breaker.transitionToMetricsOnlyState();

        // When the rate crosses, stays above, falls below and crosses again
        fail(breaker, 2);       // 100 %: crossing 1
        fail(breaker, 3);       // still 100 %: no new event
        succeed(breaker, 2);    // 0 %: below again
        fail(breaker, 1);       // 50 %: crossing 2

        // Then
        assertThat(recorder.of(CircuitBreakerEvent.FailureRateExceeded.class))
                .as("one event per crossing").extracting(CircuitBreakerEvent.FailureRateExceeded::failureRate)
                .containsExactly(100f, 50f);
        assertThat(recorder.transitions()).as("the breaker never opens").containsExactly("CLOSED->METRICS_ONLY");
    }

    @Test
    @DisplayName("METRICS_ONLY publishes SlowCallRateExceeded once per crossing of the threshold")
    void metricsOnlySlowCallRateCrossings() {
        // Given
        breaker.transitionToMetricsOnlyState();

        // When
        slow(breaker, time, Duration.ofSeconds(2), 4);   // 100 % (the threshold): crossing 1, then no event
        succeed(breaker, 1);                             // 50 %: below again
        slow(breaker, time, Duration.ofSeconds(2), 2);   // 100 %: crossing 2

        // Then
        assertThat(recorder.of(CircuitBreakerEvent.SlowCallRateExceeded.class)).as("one event per crossing").hasSize(2);
        assertThat(recorder.of(CircuitBreakerEvent.FailureRateExceeded.class)).isEmpty();
        assertThat(breaker.state()).isEqualTo(State.METRICS_ONLY);
    }

    @Test
    @DisplayName("events carry increasing sequence numbers; sorting by them restores transitions a listener got out of order")
    void sequenceRestoresOrder() {
        // Given a first listener that reacts to the opening with a transition of its own, so that
        // listeners after it receive the nested OPEN->HALF_OPEN before CLOSED->OPEN
        CircuitBreaker reentrant = CircuitBreaker.builder("reentrant")
                .config(CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 2)
                        .minimumNumberOfCalls(2).build())
                .timeSource(time).build();
        reentrant.eventPublisher().subscribe(event -> {
            if (event instanceof CircuitBreakerEvent.StateTransition t && t.to() == State.OPEN) {
                reentrant.transitionToHalfOpenState();
            }
        });
        Calls.Recorder late = new Calls.Recorder(reentrant);

        // When
        fail(reentrant, 2);

        // Then the late listener got them out of order ...
        assertThat(late.transitions()).containsExactly("OPEN->HALF_OPEN", "CLOSED->OPEN");
        // ... and the sequence numbers put them back
        assertThat(late.of(CircuitBreakerEvent.StateTransition.class).stream()
                .sorted(java.util.Comparator.comparingLong(CircuitBreakerEvent::sequence))
                .map(t -> t.from() + "->" + t.to()))
                .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
        assertThat(late.events).extracting(CircuitBreakerEvent::sequence).as("unique").doesNotHaveDuplicates()
                .allMatch(n -> n > 0);
        CircuitBreakerEvent exceeded = late.of(CircuitBreakerEvent.FailureRateExceeded.class).get(0);
        CircuitBreakerEvent opened = late.of(CircuitBreakerEvent.StateTransition.class).get(1);
        assertThat(exceeded.sequence()).as("the cause comes just before the opening").isLessThan(opened.sequence());
        assertThat(late.of(CircuitBreakerEvent.Error.class)).allMatch(e -> e.sequence() < exceeded.sequence());
    }
}
