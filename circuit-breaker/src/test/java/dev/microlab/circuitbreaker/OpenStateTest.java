package dev.microlab.circuitbreaker;

import static dev.microlab.circuitbreaker.Calls.fail;
import static dev.microlab.circuitbreaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker in OPEN")
class OpenStateTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);

    private static CircuitBreakerConfig.Builder opensAtFirstFailure() {
        return CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, 1).minimumNumberOfCalls(1)
                .permittedCallsInHalfOpen(1).waitDurationInOpen(Duration.ofSeconds(10));
    }

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        return CircuitBreaker.builder("backend").config(config.build()).timeSource(time).scheduler(scheduler).build();
    }

    /** Whether a call would be permitted now, giving the permit back at once. */
    private static boolean permits(CircuitBreaker breaker) {
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission();
            return true;
        }
        return false;
    }

    @Test
    @DisplayName("rejects calls until waitDurationInOpen has passed")
    void rejectsDuringWait() {
        // Given an open breaker with a 10 s wait
        CircuitBreaker breaker = breaker(opensAtFirstFailure());
        fail(breaker, 1);

        // When 9.999 s pass
        time.advance(Duration.ofMillis(9_999));

        // Then
        assertThat(permits(breaker)).as("the wait is not over").isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("after the wait, the next call moves it to HALF_OPEN and is permitted (lazy transition)")
    void lazyTransitionOnNextCall() {
        // Given
        CircuitBreaker breaker = breaker(opensAtFirstFailure());
        fail(breaker, 1);

        // When the wait passes without calls
        time.advance(Duration.ofSeconds(10));
        State beforeCall = breaker.state();

        // Then
        assertThat(beforeCall).as("without a scheduler-driven transition nothing happens until a call").isEqualTo(State.OPEN);
        assertThat(permits(breaker)).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    @DisplayName("with automaticTransitionToHalfOpen, the scheduler moves it to HALF_OPEN without a call")
    void automaticTransition() {
        // Given
        CircuitBreaker breaker = breaker(opensAtFirstFailure().automaticTransitionToHalfOpen(true));
        fail(breaker, 1);

        // When
        scheduler.advance(Duration.ofSeconds(10));

        // Then
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    @DisplayName("automaticTransitionToHalfOpen without a scheduler is rejected when building")
    void automaticNeedsScheduler() {
        CircuitBreakerConfig config = opensAtFirstFailure().automaticTransitionToHalfOpen(true).build();

        assertThatThrownBy(() -> CircuitBreaker.builder("backend").config(config).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("automaticTransitionToHalfOpen is enabled, so a scheduler is required");
    }

    @Test
    @DisplayName("the open wait grows by the multiplier at each consecutive opening, up to the cap")
    void exponentialOpenWait() {
        // Given waits of 10 s, 20 s, 40 s, capped at 50 s
        CircuitBreaker breaker = breaker(opensAtFirstFailure().exponentialOpenWait(2, Duration.ofSeconds(50)));
        fail(breaker, 1);

        // When / Then: each trial fails, so each opening is consecutive
        for (long expectedSeconds : new long[] {10, 20, 40, 50, 50}) {
            time.advance(Duration.ofSeconds(expectedSeconds).minusMillis(1));
            assertThat(permits(breaker)).as("still open 1 ms before %s s", expectedSeconds).isFalse();
            time.advance(Duration.ofMillis(1));
            fail(breaker, 1); // the trial call fails: open again
            assertThat(breaker.metrics().notPermittedCalls()).isPositive();
            assertThat(breaker.state()).as("reopened after the %s s wait", expectedSeconds).isEqualTo(State.OPEN);
        }
    }

    @Test
    @DisplayName("closing resets the open wait to its first value")
    void closingResetsGrowth() {
        // Given a breaker that opened twice in a row (second wait 20 s)
        CircuitBreaker breaker = breaker(opensAtFirstFailure().exponentialOpenWait(2, Duration.ofSeconds(50)));
        fail(breaker, 1);
        time.advance(Duration.ofSeconds(10));
        fail(breaker, 1);
        time.advance(Duration.ofSeconds(20));

        // When the trial succeeds (closed), then it opens again
        succeed(breaker, 1);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        fail(breaker, 1);

        // Then the wait is 10 s again
        time.advance(Duration.ofSeconds(10));
        assertThat(permits(breaker)).as("a fresh opening waits the base duration").isTrue();
    }

    @Test
    @DisplayName("remainingOpenTime counts down this opening's wait, so a caller can answer Retry-After")
    void remainingOpenTimeCountsDown() {
        // Given a breaker whose second consecutive opening waits 20 s
        CircuitBreaker breaker = breaker(opensAtFirstFailure().exponentialOpenWait(2, Duration.ofSeconds(50)));
        assertThat(breaker.remainingOpenTime()).as("CLOSED rejects nothing").isEqualTo(Duration.ZERO);
        fail(breaker, 1);
        assertThat(breaker.remainingOpenTime()).as("just opened").isEqualTo(Duration.ofSeconds(10));

        // When 4 s pass
        time.advance(Duration.ofSeconds(4));

        // Then
        assertThat(breaker.remainingOpenTime()).as("4 s into a 10 s wait").isEqualTo(Duration.ofSeconds(6));
        time.advance(Duration.ofSeconds(6));
        assertThat(breaker.remainingOpenTime()).as("wait over, still OPEN until the next call").isEqualTo(Duration.ZERO);
        time.advance(Duration.ofSeconds(5));
        assertThat(breaker.remainingOpenTime()).as("never negative").isEqualTo(Duration.ZERO);
        fail(breaker, 1); // the trial fails: the second opening waits 20 s
        assertThat(breaker.remainingOpenTime()).as("the grown wait").isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("remainingOpenTime is zero in states no clock ends (HALF_OPEN, FORCED_OPEN, DISABLED)")
    void remainingOpenTimeOutsideOpen() {
        // Given
        CircuitBreaker breaker = breaker(opensAtFirstFailure());
        fail(breaker, 1);
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue();

        // When / Then
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.remainingOpenTime()).isEqualTo(Duration.ZERO);
        breaker.transitionToForcedOpenState();
        assertThat(breaker.remainingOpenTime()).as("an operator, not a clock, ends FORCED_OPEN").isEqualTo(Duration.ZERO);
        breaker.transitionToDisabledState();
        assertThat(breaker.remainingOpenTime()).isEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("without a multiplier every opening waits the same")
    void constantWaitByDefault() {
        // Given
        CircuitBreaker breaker = breaker(opensAtFirstFailure());
        fail(breaker, 1);
        time.advance(Duration.ofSeconds(10));

        // When the trial fails
        fail(breaker, 1);
        time.advance(Duration.ofSeconds(10));

        // Then
        assertThat(permits(breaker)).as("the second wait is also 10 s").isTrue();
    }

    @Test
    @DisplayName("a wait too long for the clock keeps the breaker open instead of overflowing into an instant half-open")
    void hugeWaitDoesNotOverflow() {
        // Given a clock past zero and an open breaker whose (automatic) wait is as long as a Duration gets
        time.advance(Duration.ofSeconds(1));
        CircuitBreaker breaker = breaker(opensAtFirstFailure().waitDurationInOpen(Duration.ofSeconds(Long.MAX_VALUE))
                .automaticTransitionToHalfOpen(true));
        fail(breaker, 1);

        // When a year passes, by the scheduler and by calls
        scheduler.advance(Duration.ofDays(365));

        // Then
        assertThat(breaker.state()).as("still waiting").isEqualTo(State.OPEN);
        assertThat(permits(breaker)).isFalse();
    }

    @Test
    @DisplayName("stackless rejections share one immutable exception per state, so rejecting allocates nothing")
    void stacklessRejectionsAreShared() {
        // Given an open breaker with the default (stackless) config
        CircuitBreaker breaker = breaker(opensAtFirstFailure());
        fail(breaker, 1);

        // When
        Throwable first = catchRejection(breaker);
        Throwable second = catchRejection(breaker);

        // Then
        assertThat(second).as("the same instance").isSameAs(first);
        first.addSuppressed(new IllegalStateException("from a caller"));
        assertThat(second.getSuppressed()).as("suppression is disabled, so sharing leaks nothing").isEmpty();
        assertThatThrownBy(() -> first.initCause(new IllegalStateException()))
                .as("the cause cannot be set").isInstanceOf(IllegalStateException.class);
        assertThat(breaker.metrics().notPermittedCalls()).as("each rejection still counts").isEqualTo(2);
    }

    private static Throwable catchRejection(CircuitBreaker breaker) {
        try {
            breaker.executeSupplier(() -> "never runs");
        } catch (CallNotPermittedException rejected) {
            assertThat(rejected.state()).isEqualTo(State.OPEN);
            assertThat(rejected.breakerName()).isEqualTo("backend");
            return rejected;
        }
        throw new AssertionError("the open breaker let the call through");
    }
}
