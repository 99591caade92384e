package dev.microlab.circuitbreaker;

import static dev.microlab.circuitbreaker.Calls.fail;
import static dev.microlab.circuitbreaker.Calls.slow;
import static dev.microlab.circuitbreaker.Calls.succeed;
import static dev.microlab.circuitbreaker.Calls.throwing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microlab.circuitbreaker.CircuitBreaker.State;
import dev.microlab.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.core.time.TimeSource;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CircuitBreaker in CLOSED")
class ClosedStateTest {

    private final ManualTimeSource time = new ManualTimeSource();

    private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
        return CircuitBreaker.builder("backend").config(config.build()).timeSource(time).build();
    }

    private static CircuitBreakerConfig.Builder window(int size, int minimum) {
        return CircuitBreakerConfig.builder().slidingWindow(SlidingWindowType.COUNT_BASED, size).minimumNumberOfCalls(minimum);
    }

    @Test
    @DisplayName("opens when the failure rate reaches the threshold")
    void opensAtFailureRateThreshold() {
        // Given a threshold of 75 % over 4 calls
        CircuitBreaker breaker = breaker(window(4, 4).failureRateThreshold(75));

        // When 3 of 4 calls fail
        succeed(breaker, 1);
        fail(breaker, 3);

        // Then
        assertThat(breaker.state()).as("3/4 = 75 %% reaches a 75 %% threshold").isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("stays closed while the failure rate is under the threshold")
    void staysClosedUnderThreshold() {
        // Given a threshold of 75 % (the default 50 % would open)
        CircuitBreaker breaker = breaker(window(4, 4).failureRateThreshold(75));

        // When half of the calls fail
        succeed(breaker, 2);
        fail(breaker, 2);

        // Then
        assertThat(breaker.state()).as("2/4 = 50 %% is under a 75 %% threshold").isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().failureRate()).isEqualTo(50f);
    }

    @Test
    @DisplayName("does not evaluate rates before the minimum number of calls")
    void waitsForMinimumNumberOfCalls() {
        // Given
        CircuitBreaker breaker = breaker(window(10, 5));

        // When 4 calls fail, then a 5th
        fail(breaker, 4);
        State afterFour = breaker.state();
        fail(breaker, 1);

        // Then
        assertThat(afterFour).as("4 failures are fewer than the 5 calls required").isEqualTo(State.CLOSED);
        assertThat(breaker.state()).as("the 5th call makes the rate count").isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("a count window forgets the calls that slid out of it")
    void countWindowSlides() {
        // Given a window of the last 2 calls that opens at 100 % failures
        CircuitBreaker breaker = breaker(window(2, 2).failureRateThreshold(100));

        // When F S F F: the last two are both failures (a window of 100 would see 75 %)
        fail(breaker, 1);
        succeed(breaker, 1);
        fail(breaker, 2);

        // Then
        assertThat(breaker.state()).as("only the last 2 calls count").isEqualTo(State.OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
    }

    @Test
    @DisplayName("opens when the slow-call rate reaches its threshold")
    void opensAtSlowCallRate() {
        // Given calls over 1 s are slow and half of them slow opens
        CircuitBreaker breaker = breaker(window(4, 4).slowCallDuration(Duration.ofSeconds(1)).slowCallRateThreshold(50));

        // When 2 of 4 successful calls take 2 s
        succeed(breaker, 2);
        slow(breaker, time, Duration.ofSeconds(2), 2);

        // Then
        assertThat(breaker.state()).as("2/4 slow calls reach 50 %%").isEqualTo(State.OPEN);
        assertThat(breaker.metrics().slowCalls()).isEqualTo(2);
        assertThat(breaker.metrics().failedCalls()).as("slow successes are not failures").isZero();
    }

    @Test
    @DisplayName("a call is slow only when it takes longer than slowCallDuration")
    void slowCallDurationDecides() {
        // Given a slow-call duration of 1 s (the default is 60 s)
        CircuitBreaker breaker = breaker(window(4, 4).slowCallDuration(Duration.ofSeconds(1)));

        // When one call takes exactly 1 s and one takes 1.5 s
        slow(breaker, time, Duration.ofSeconds(1), 1);
        slow(breaker, time, Duration.ofMillis(1500), 1);

        // Then
        assertThat(breaker.metrics().slowCalls()).as("1 s is not longer than 1 s; 1.5 s is").isEqualTo(1);
    }

    @Test
    @DisplayName("a time window forgets calls older than its size, on the injected clock")
    void timeWindowExpiresOnInjectedClock() {
        // Given a 10-second window needing 3 calls
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.TIME_BASED, 10).minimumNumberOfCalls(3));

        // When 2 failures, 11 s pass, 1 failure
        fail(breaker, 2);
        time.advance(Duration.ofSeconds(11));
        fail(breaker, 1);

        // Then
        assertThat(breaker.state()).as("the first two failures left the window").isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("a time window counts every call inside its seconds")
    void timeWindowCountsInside() {
        // Given a 10-second window needing 3 calls
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder()
                .slidingWindow(SlidingWindowType.TIME_BASED, 10).minimumNumberOfCalls(3));

        // When 2 failures, 5 s pass, 1 failure
        fail(breaker, 2);
        time.advance(Duration.ofSeconds(5));
        fail(breaker, 1);

        // Then
        assertThat(breaker.state()).as("3 failures within 10 s").isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("only exceptions of the recordExceptions types count as failures; the others as successes")
    void recordExceptionTypes() {
        // Given only UncheckedIOException is a failure
        CircuitBreaker breaker = breaker(window(2, 2).recordExceptions(UncheckedIOException.class));

        // When one call throws an IllegalStateException, one an UncheckedIOException
        throwing(breaker, new IllegalStateException("a bug, not an outage"));
        throwing(breaker, new UncheckedIOException(new java.io.IOException("down")));

        // Then
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(2);
        assertThat(breaker.metrics().failedCalls()).as("only the UncheckedIOException").isEqualTo(1);
    }

    @Test
    @DisplayName("only exceptions matching recordException count as failures; the others as successes")
    void recordExceptionPredicate() {
        // Given only UncheckedIOException is a failure
        CircuitBreaker breaker = breaker(window(2, 2).recordException(e -> e instanceof UncheckedIOException));

        // When two calls throw IllegalStateException
        throwing(breaker, new IllegalStateException("a bug, not an outage"));
        throwing(breaker, new IllegalStateException("a bug, not an outage"));

        // Then
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).as("both calls were recorded").isEqualTo(2);
        assertThat(breaker.metrics().failedCalls()).as("as successes").isZero();
    }

    @Test
    @DisplayName("ignored exceptions count nowhere")
    void ignoreExceptionPredicate() {
        // Given
        CircuitBreaker breaker = breaker(window(2, 2).ignoreException(e -> e instanceof IllegalArgumentException));

        // When
        throwing(breaker, new IllegalArgumentException("bad input"));
        throwing(breaker, new IllegalArgumentException("bad input"));

        // Then
        assertThat(breaker.metrics().bufferedCalls()).as("ignored calls are not in the window").isZero();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("ignoreException wins over recordException")
    void ignoreWinsOverRecord() {
        // Given an exception type that is both recorded and ignored
        CircuitBreaker breaker = breaker(window(1, 1)
                .recordExceptions(IllegalArgumentException.class).ignoreExceptions(IllegalArgumentException.class));

        // When
        throwing(breaker, new IllegalArgumentException());

        // Then
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("a returned value matching recordResult counts as a failure")
    void recordResultPredicate() {
        // Given HTTP-like status 503 is a failure
        CircuitBreaker breaker = breaker(window(2, 2).recordResult(r -> Integer.valueOf(503).equals(r)));

        // When
        breaker.executeSupplier(() -> 503);
        breaker.executeSupplier(() -> 503);

        // Then
        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    @DisplayName("a rejected call never runs and the exception names the breaker and its state")
    void rejectionNamesBreakerAndState() {
        // Given an open breaker
        CircuitBreaker breaker = breaker(window(1, 1));
        fail(breaker, 1);
        AtomicInteger runs = new AtomicInteger();

        // When / Then
        assertThatThrownBy(() -> breaker.executeSupplier(runs::incrementAndGet))
                .isInstanceOfSatisfying(CallNotPermittedException.class, e -> {
                    assertThat(e.breakerName()).isEqualTo("backend");
                    assertThat(e.state()).isEqualTo(State.OPEN);
                })
                .hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
        assertThat(runs).as("the supplier must not run when rejected").hasValue(0);
        assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(1);
    }

    @Test
    @DisplayName("rejections carry no stack trace by default; writableStackTrace(true) turns it on")
    void rejectionWithoutStackTrace() {
        CircuitBreaker cheap = breaker(window(1, 1));
        CircuitBreaker full = breaker(window(1, 1).writableStackTrace(true));
        fail(cheap, 1);
        fail(full, 1);

        assertThatThrownBy(() -> cheap.acquirePermission())
                .satisfies(e -> assertThat(e.getStackTrace()).as("default: no stack trace was filled in").isEmpty())
                .hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
        assertThatThrownBy(() -> full.acquirePermission())
                .satisfies(e -> assertThat(e.getStackTrace()).as("opted in: a stack trace").isNotEmpty());
    }

    @Test
    @DisplayName("a low-level outcome reads the clock only when a time window needs it")
    void lowLevelOutcomeReadsClockOnlyForTimeWindow() {
        // Given breakers on a clock that counts its readings
        AtomicInteger readings = new AtomicInteger();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                readings.incrementAndGet();
                return time.nanoTime();
            }

            @Override
            public Instant instant() {
                return time.instant();
            }
        };
        CircuitBreaker countWindow = CircuitBreaker.builder("count").timeSource(counting).build();
        CircuitBreaker timeWindow = CircuitBreaker.builder("time").timeSource(counting).config(CircuitBreakerConfig
                .builder().slidingWindow(SlidingWindowType.TIME_BASED, 10).build()).build();

        // When / Then
        readings.set(0);
        countWindow.onSuccess(5);
        assertThat(readings.get()).as("a count window has no use for the time").isZero();
        timeWindow.onSuccess(5);
        assertThat(readings.get()).as("a time window buckets the outcome by time").isEqualTo(1);
        assertThat(timeWindow.metrics().bufferedCalls()).isEqualTo(1);
        assertThat(countWindow.metrics().bufferedCalls()).isEqualTo(1);
    }
}
