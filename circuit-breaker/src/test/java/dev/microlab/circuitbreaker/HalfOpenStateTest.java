package dev.microlab.circuitbreaker;

import static dev.microlab.circuitbreaker.Calls.fail;
import static dev.microlab.circuitbreaker.Calls.slow;
import static dev.microlab.circuitbreaker.Calls.succeed;
import static dev.microlab.circuitbreaker.Calls.throwing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker in HALF_OPEN")
class HalfOpenStateTest {

    private final ManualTimeSource time = new ManualTimeSource();

    private static CircuitBreakerConfig.Builder config(int permitted) {
        return CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 1).minimumNumberOfCalls(1)
                .permittedCallsInHalfOpen(permitted).waitDurationInOpen(Duration.ofSeconds(10));
    }

    /** A breaker already in HALF_OPEN (opened by a failure, wait over, entered by a manual transition). */
    private CircuitBreaker halfOpen(CircuitBreakerConfig.Builder config) {
        CircuitBreaker breaker = CircuitBreaker.builder("backend").config(config.build()).timeSource(time).build();
        breaker.transitionToHalfOpenState();
        return breaker;
    }

    @Test
    @DisplayName("admits exactly permittedCallsInHalfOpen calls, then rejects")
    void admitsExactlyPermitted() {
        // Given
        CircuitBreaker breaker = halfOpen(config(3));

        // When three permits are taken and not yet reported
        boolean[] granted = {breaker.tryAcquirePermission(), breaker.tryAcquirePermission(),
                breaker.tryAcquirePermission(), breaker.tryAcquirePermission()};

        // Then
        assertThat(granted).as("3 trial calls, the 4th rejected").containsExactly(true, true, true, false);
        assertThatThrownBy(breaker::acquirePermission).isInstanceOfSatisfying(CallNotPermittedException.class,
                e -> assertThat(e.state()).isEqualTo(State.HALF_OPEN));
    }

    @Test
    @DisplayName("closes when the trial calls' failure rate is under the threshold")
    void closesUnderThreshold() {
        // Given 4 trial calls, threshold 50 %
        CircuitBreaker breaker = halfOpen(config(4));

        // When 1 of 4 fails
        succeed(breaker, 3);
        State beforeLast = breaker.state();
        fail(breaker, 1);

        // Then
        assertThat(beforeLast).as("the decision waits for all trial outcomes").isEqualTo(State.HALF_OPEN);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).as("CLOSED starts with an empty window").isZero();
    }

    @Test
    @DisplayName("reopens as soon as the failures alone reach the threshold of all trial calls")
    void reopensEarly() {
        // Given 4 trial calls, threshold 50 %
        CircuitBreaker breaker = halfOpen(config(4));

        // When the first two fail
        fail(breaker, 2);

        // Then: 2/4 is 50 % whatever the other two do
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("reopens when the trial calls are too often slow")
    void reopensOnSlowTrials() {
        // Given slow means > 1 s, and 50 % slow opens
        CircuitBreaker breaker = halfOpen(config(2).slowCallDuration(Duration.ofSeconds(1)).slowCallRateThreshold(50));

        // When one trial is fast, one slow
        succeed(breaker, 1);
        slow(breaker, time, Duration.ofSeconds(2), 1);

        // Then
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("with a success threshold, closes after that many successes without waiting for the rest")
    void successThresholdCloses() {
        // Given 3 trial calls and a success threshold of 2
        CircuitBreaker breaker = halfOpen(config(3).successThresholdInHalfOpen(2));

        // When
        succeed(breaker, 2);

        // Then
        assertThat(breaker.state()).as("rate mode would wait for the 3rd outcome").isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("with a success threshold, the first failed trial reopens")
    void successThresholdReopensOnFailure() {
        // Given 3 trial calls, success threshold 2, failure threshold 50 %
        CircuitBreaker breaker = halfOpen(config(3).successThresholdInHalfOpen(2));

        // When S F (rate mode: 1/3 = 33 % < 50 %, still undecided)
        succeed(breaker, 1);
        fail(breaker, 1);

        // Then
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("after maxWaitInHalfOpen with no outcome, the next call reopens it instead of sticking")
    void maxWaitReopensWithoutOutcomes() {
        // Given both trial permits taken by calls that never report (e.g. they hang)
        CircuitBreaker breaker = halfOpen(config(2).maxWaitInHalfOpen(Duration.ofSeconds(30)));
        breaker.tryAcquirePermission();
        breaker.tryAcquirePermission();

        // When the max wait passes and a call arrives
        time.advance(Duration.ofSeconds(30));
        boolean permitted = breaker.tryAcquirePermission();

        // Then
        assertThat(permitted).isFalse();
        assertThat(breaker.state()).as("nothing proved the backend healthy").isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("after maxWaitInHalfOpen, healthy recorded outcomes close it")
    void maxWaitClosesOnHealthyOutcomes() {
        // Given 3 trial permits, one success recorded, two calls hanging
        CircuitBreaker breaker = halfOpen(config(3).maxWaitInHalfOpen(Duration.ofSeconds(30)));
        succeed(breaker, 1);
        breaker.tryAcquirePermission();
        breaker.tryAcquirePermission();

        // When
        time.advance(Duration.ofSeconds(30));
        boolean permitted = breaker.tryAcquirePermission();

        // Then
        assertThat(permitted).isTrue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("without a max wait, half-open waits for every trial outcome however long")
    void noMaxWaitWaits() {
        // Given
        CircuitBreaker breaker = halfOpen(config(1).noMaxWaitInHalfOpen());
        breaker.tryAcquirePermission();

        // When an hour passes
        time.advance(Duration.ofHours(1));

        // Then
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    @DisplayName("with a scheduler, maxWaitInHalfOpen decides without any call")
    void maxWaitByScheduler() {
        // Given
        ManualScheduler scheduler = new ManualScheduler(time);
        CircuitBreaker breaker = CircuitBreaker.builder("backend")
                .config(config(1).maxWaitInHalfOpen(Duration.ofSeconds(30)).build())
                .timeSource(time).scheduler(scheduler).build();
        breaker.transitionToHalfOpenState();
        breaker.tryAcquirePermission();

        // When
        scheduler.advance(Duration.ofSeconds(30));

        // Then
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("an ignored error gives its trial permit back")
    void ignoredErrorReleasesPermit() {
        // Given a single trial permit
        CircuitBreaker breaker = halfOpen(config(1).ignoreExceptions(IllegalArgumentException.class));

        // When the trial throws an ignored exception
        throwing(breaker, new IllegalArgumentException());

        // Then
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.tryAcquirePermission()).as("the permit came back").isTrue();
    }

    @Test
    @DisplayName("releasePermission gives a permit back, but never more than were taken")
    void releasePermission() {
        // Given
        CircuitBreaker breaker = halfOpen(config(1));

        // When one permit is taken and released three times
        breaker.tryAcquirePermission();
        breaker.releasePermission();
        breaker.releasePermission();
        breaker.releasePermission();

        // Then
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).as("excess releases must not create permits").isFalse();
    }

    @Test
    @DisplayName("a call admitted in CLOSED that ends during HALF_OPEN does not count as a trial")
    void lateClosedCallDoesNotCountAsTrial() {
        // Given
        CircuitBreaker breaker = CircuitBreaker.builder("backend").config(config(1).build()).timeSource(time).build();

        // When a call admitted in CLOSED fails after the breaker moved to HALF_OPEN
        try {
            breaker.executeSupplier(() -> {
                breaker.transitionToOpenState();
                breaker.transitionToHalfOpenState();
                throw new Calls.Boom();
            });
        } catch (Calls.Boom expected) {
            // recorded into the CLOSED state that admitted the call
        }

        // Then
        assertThat(breaker.state()).as("the late failure belongs to CLOSED, not to the trial").isEqualTo(State.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.tryAcquirePermission()).as("the trial permit is untouched").isTrue();
    }
}
