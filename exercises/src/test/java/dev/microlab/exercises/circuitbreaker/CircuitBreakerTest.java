package dev.microlab.exercises.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.microlab.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("circuit-breaker")
@DisplayName("Exercise 1 · Circuit breaker")
class CircuitBreakerTest {

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);

    private final ManualTimeSource time = new ManualTimeSource();
    private final AtomicInteger calls = new AtomicInteger();

    /** failureThreshold 3, openTimeout 60 s, successThreshold 2. */
    private CircuitBreaker breaker() {
        return new CircuitBreaker(3, OPEN_TIMEOUT, 2, time);
    }

    private String succeed() {
        calls.incrementAndGet();
        return "ok";
    }

    private String fail() throws IOException {
        calls.incrementAndGet();
        throw new IOException("service unavailable");
    }

    private static void failTimes(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            Throwable thrown = catchThrowable(() -> breaker.call(() -> {
                throw new IOException("service unavailable");
            }));
            assertThat(thrown).as("failure %d of %d should reach the caller as the operation's exception", i + 1, times)
                    .isInstanceOf(IOException.class);
        }
    }

    private CircuitBreaker openBreaker() {
        CircuitBreaker breaker = breaker();
        failTimes(breaker, 3);
        return breaker;
    }

    @Nested
    @DisplayName("closed")
    class Closed {

        @Test
        @DisplayName("starts closed and returns what the operation returns")
        void startsClosedAndPassesCallsThrough() throws Exception {
            // Given
            CircuitBreaker breaker = breaker();

            // When
            String result = breaker.call(CircuitBreakerTest.this::succeed);

            // Then
            assertThat(breaker.state()).as("a new breaker is CLOSED").isEqualTo(CircuitState.CLOSED);
            assertThat(result).as("call(...) returns the operation's own result").isEqualTo("ok");
            assertThat(calls).as("the operation runs exactly once per call").hasValue(1);
        }

        @Test
        @DisplayName("a failing call reaches the caller with the operation's own exception")
        void rethrowsTheOperationsException() {
            // Given
            CircuitBreaker breaker = breaker();
            IOException failure = new IOException("service unavailable");

            // When
            Throwable thrown = catchThrowable(() -> breaker.call(() -> {
                throw failure;
            }));

            // Then
            assertThat(thrown).as("the very exception the operation threw, not a wrapper or a new one")
                    .isSameAs(failure);
        }

        @Test
        @DisplayName("stays closed while the failures are fewer than failureThreshold")
        void staysClosedBelowTheThreshold() {
            // Given
            CircuitBreaker breaker = breaker();

            // When
            failTimes(breaker, 2);

            // Then
            assertThat(breaker.state()).as("2 failures with failureThreshold = 3 must leave the circuit CLOSED")
                    .isEqualTo(CircuitState.CLOSED);
        }

        @Test
        @DisplayName("opens when failureThreshold failures happen in a row")
        void opensAtTheThreshold() {
            // Given
            CircuitBreaker breaker = breaker();

            // When
            failTimes(breaker, 3);

            // Then
            assertThat(breaker.state()).as("3 failures in a row with failureThreshold = 3 must open the circuit")
                    .isEqualTo(CircuitState.OPEN);
        }

        @Test
        @DisplayName("a success resets the failure count: only failures in a row open the circuit")
        void aSuccessResetsTheFailureCount() throws Exception {
            // Given
            CircuitBreaker breaker = breaker();
            failTimes(breaker, 2);

            // When
            breaker.call(CircuitBreakerTest.this::succeed);
            failTimes(breaker, 2);

            // Then
            assertThat(breaker.state())
                    .as("fail, fail, success, fail, fail: never 3 failures in a row, so the circuit stays CLOSED")
                    .isEqualTo(CircuitState.CLOSED);
        }

        @Test
        @DisplayName("failureThreshold 1 opens on the first failure")
        void aThresholdOfOneOpensAtOnce() {
            // Given
            CircuitBreaker breaker = new CircuitBreaker(1, OPEN_TIMEOUT, 1, time);

            // When
            failTimes(breaker, 1);

            // Then
            assertThat(breaker.state()).as("with failureThreshold = 1 a single failure opens the circuit")
                    .isEqualTo(CircuitState.OPEN);
        }

        @Test
        @DisplayName("shouldAttemptReset() is false while the circuit is closed")
        void noResetWhileClosed() {
            // Given
            CircuitBreaker breaker = breaker();

            // When
            time.advance(OPEN_TIMEOUT.multipliedBy(2));

            // Then
            assertThat(breaker.shouldAttemptReset())
                    .as("there is nothing to reset in a CLOSED circuit, however much time passes").isFalse();
        }
    }

    @Nested
    @DisplayName("open")
    class Open {

        @Test
        @DisplayName("rejects calls with CircuitBreakerOpenException without calling the operation")
        void rejectsWithoutCalling() {
            // Given
            CircuitBreaker breaker = openBreaker();

            // When
            Throwable thrown = catchThrowable(() -> breaker.call(CircuitBreakerTest.this::succeed));

            // Then
            assertThat(thrown).as("an open circuit fails fast with CircuitBreakerOpenException")
                    .isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(calls).as("an open circuit must not call the failing service at all").hasValue(0);
        }

        @Test
        @DisplayName("the rejection says how long until a trial call: openTimeout minus the time already waited")
        void rejectionSaysHowLongToWait() {
            // Given
            time.advance(Duration.ofMinutes(5));
            CircuitBreaker breaker = openBreaker();
            time.advance(Duration.ofSeconds(45));

            // When
            Throwable thrown = catchThrowable(() -> breaker.call(CircuitBreakerTest.this::succeed));

            // Then
            assertThat(thrown).as("opened 45 s ago with openTimeout = 60 s: the call must be rejected")
                    .isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(((CircuitBreakerOpenException) thrown).retryAfter())
                    .as("opened 45 s ago with openTimeout = 60 s: a trial is allowed in 15 s")
                    .isEqualTo(Duration.ofSeconds(15));
        }

        @Test
        @DisplayName("shouldAttemptReset() turns true exactly when openTimeout has passed since the circuit opened")
        void attemptsResetExactlyAfterTheTimeout() {
            // Given
            CircuitBreaker breaker = openBreaker();

            // When / Then
            time.advance(OPEN_TIMEOUT.minusNanos(1));
            assertThat(breaker.shouldAttemptReset()).as("1 ns before openTimeout it is too early to try").isFalse();
            time.advanceNanos(1);
            assertThat(breaker.shouldAttemptReset()).as("once openTimeout has passed a trial is allowed").isTrue();
        }

        @Test
        @DisplayName("openTimeout counts from the moment the circuit opened, not from its creation")
        void timeoutCountsFromOpening() {
            // Given
            CircuitBreaker breaker = breaker();
            time.advance(Duration.ofSeconds(50));

            // When
            failTimes(breaker, 3);
            time.advance(Duration.ofSeconds(30));

            // Then
            assertThat(breaker.shouldAttemptReset())
                    .as("created 80 s ago but opened only 30 s ago: openTimeout (60 s) has not passed").isFalse();
        }

        @Test
        @DisplayName("after openTimeout, the next call goes through as a trial and the circuit is half-open")
        void letsATrialCallThroughAfterTheTimeout() throws Exception {
            // Given
            CircuitBreaker breaker = openBreaker();
            time.advance(OPEN_TIMEOUT);

            // When
            String result = breaker.call(CircuitBreakerTest.this::succeed);

            // Then
            assertThat(result).as("the trial call runs and returns its result").isEqualTo("ok");
            assertThat(breaker.state())
                    .as("one success of successThreshold = 2: still HALF_OPEN, waiting for one more")
                    .isEqualTo(CircuitState.HALF_OPEN);
        }
    }

    @Nested
    @DisplayName("half-open")
    class HalfOpen {

        private CircuitBreaker halfOpenBreaker() throws Exception {
            CircuitBreaker breaker = openBreaker();
            time.advance(OPEN_TIMEOUT);
            breaker.call(CircuitBreakerTest.this::succeed);
            return breaker;
        }

        @Test
        @DisplayName("closes after successThreshold successes in a row")
        void closesAfterEnoughSuccesses() throws Exception {
            // Given
            CircuitBreaker breaker = halfOpenBreaker();

            // When
            breaker.call(CircuitBreakerTest.this::succeed);

            // Then
            assertThat(breaker.state()).as("2 trial successes with successThreshold = 2 close the circuit")
                    .isEqualTo(CircuitState.CLOSED);
        }

        @Test
        @DisplayName("a failed trial opens the circuit again at once")
        void aFailedTrialReopens() throws Exception {
            // Given
            CircuitBreaker breaker = halfOpenBreaker();

            // When
            Throwable thrown = catchThrowable(() -> breaker.call(CircuitBreakerTest.this::fail));

            // Then
            assertThat(thrown).as("the trial's own exception reaches the caller").isInstanceOf(IOException.class);
            assertThat(breaker.state()).as("one failure in HALF_OPEN is enough to open again (not failureThreshold)")
                    .isEqualTo(CircuitState.OPEN);
        }

        @Test
        @DisplayName("after a failed trial the open timeout starts over")
        void aFailedTrialRestartsTheTimeout() throws Exception {
            // Given
            CircuitBreaker breaker = halfOpenBreaker();
            time.advance(Duration.ofSeconds(10));
            catchThrowable(() -> breaker.call(CircuitBreakerTest.this::fail));

            // When
            time.advance(OPEN_TIMEOUT.minusSeconds(1));

            // Then
            assertThat(breaker.shouldAttemptReset())
                    .as("re-opened 59 s ago: the full openTimeout (60 s) must pass again before the next trial")
                    .isFalse();
            assertThat(catchThrowable(() -> breaker.call(CircuitBreakerTest.this::succeed)))
                    .as("and calls are rejected until then")
                    .isInstanceOf(CircuitBreakerOpenException.class);
        }

        @Test
        @DisplayName("each half-open episode counts its successes from zero")
        void aNewHalfOpenEpisodeStartsANewStreak() throws Exception {
            // Given: one trial success (of successThreshold = 2), then a failed trial re-opens the circuit
            CircuitBreaker breaker = halfOpenBreaker();
            catchThrowable(() -> breaker.call(CircuitBreakerTest.this::fail));
            time.advance(OPEN_TIMEOUT);

            // When
            breaker.call(CircuitBreakerTest.this::succeed);

            // Then
            assertThat(breaker.state())
                    .as("the success before the failed trial belongs to the previous episode: one success in this "
                            + "episode, of successThreshold = 2, keeps the circuit HALF_OPEN")
                    .isEqualTo(CircuitState.HALF_OPEN);
        }

        @Test
        @DisplayName("successThreshold 1 closes on the first successful trial")
        void aSuccessThresholdOfOneClosesAtOnce() throws Exception {
            // Given
            CircuitBreaker breaker = new CircuitBreaker(1, OPEN_TIMEOUT, 1, time);
            failTimes(breaker, 1);
            time.advance(OPEN_TIMEOUT);

            // When
            breaker.call(CircuitBreakerTest.this::succeed);

            // Then
            assertThat(breaker.state()).as("with successThreshold = 1 one good trial closes the circuit")
                    .isEqualTo(CircuitState.CLOSED);
        }

        @Test
        @DisplayName("once closed again, the failure count starts from zero")
        void closingForgetsOldFailures() throws Exception {
            // Given
            CircuitBreaker breaker = halfOpenBreaker();
            breaker.call(CircuitBreakerTest.this::succeed);

            // When
            failTimes(breaker, 2);

            // Then
            assertThat(breaker.state())
                    .as("after closing, 2 new failures are fewer than failureThreshold = 3: still CLOSED")
                    .isEqualTo(CircuitState.CLOSED);
        }
    }

    @Nested
    @DisplayName("settings")
    class Settings {

        @Test
        @DisplayName("rejects failureThreshold below 1, naming it")
        void rejectsFailureThresholdBelowOne() {
            assertThatThrownBy(() -> new CircuitBreaker(0, OPEN_TIMEOUT, 1, time))
                    .as("failureThreshold = 0 would open the circuit before any failure")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("failureThreshold");
        }

        @Test
        @DisplayName("rejects successThreshold below 1, naming it")
        void rejectsSuccessThresholdBelowOne() {
            assertThatThrownBy(() -> new CircuitBreaker(1, OPEN_TIMEOUT, 0, time))
                    .as("successThreshold = 0 would close the circuit without any trial")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("successThreshold");
        }

        @Test
        @DisplayName("rejects an openTimeout that is zero or negative, naming it")
        void rejectsNonPositiveOpenTimeout() {
            assertThatThrownBy(() -> new CircuitBreaker(1, Duration.ZERO, 1, time))
                    .as("openTimeout = 0 would never keep the circuit open")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openTimeout");
            assertThatThrownBy(() -> new CircuitBreaker(1, Duration.ofSeconds(-1), 1, time))
                    .as("a negative openTimeout makes no sense")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("openTimeout");
        }

        @Test
        @DisplayName("accepts the smallest valid settings (1, 1 ns, 1)")
        void acceptsTheSmallestValidSettings() {
            CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofNanos(1), 1, time);
            assertThat(breaker.state()).as("1, 1 ns, 1 are valid settings").isEqualTo(CircuitState.CLOSED);
        }

        @Test
        @DisplayName("rejects a null time source or open timeout with NullPointerException")
        void rejectsNulls() {
            assertThatThrownBy(() -> new CircuitBreaker(1, OPEN_TIMEOUT, 1, null))
                    .as("the time source is required").isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeSource");
            assertThatThrownBy(() -> new CircuitBreaker(1, null, 1, time))
                    .as("the open timeout is required").isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("openTimeout");
        }
    }
}
