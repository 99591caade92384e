package dev.microlab.exercises.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.microlab.core.time.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("retry")
@DisplayName("Exercise 4 · Retry · retrying")
class RetryTest {

    private static final Predicate<Exception> ON_IO = e -> e instanceof IOException;

    /** Records each wait instead of waiting. */
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = sleeps::add;
    private final AtomicInteger attempts = new AtomicInteger();

    /** 100 ms × 2^n, no jitter. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.0, new Random(1));

    /** An operation that fails with IOException {@code failures} times, then answers "ok". */
    private dev.microlab.core.function.CheckedSupplier<String> failingTimes(int failures) {
        return () -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= failures) {
                throw new IOException("timeout #" + attempt);
            }
            return "ok";
        };
    }

    @Test
    @DisplayName("retry: a call that succeeds at once runs once and never waits")
    void successAtOnce() throws Exception {
        String result = new Retry(3, backoff, ON_IO, sleeper).call(failingTimes(0));
        assertThat(result).as("the operation's result").isEqualTo("ok");
        assertThat(attempts).as("one attempt").hasValue(1);
        assertThat(sleeps).as("no failure, so no wait").isEmpty();
    }

    @Test
    @DisplayName("retry: retries a failing call until it succeeds and returns its result")
    void retriesUntilSuccess() throws Exception {
        String result = new Retry(5, backoff, ON_IO, sleeper).call(failingTimes(2));
        assertThat(result).as("the result of the 3rd attempt").isEqualTo("ok");
        assertThat(attempts).as("2 failures, then the success: 3 attempts").hasValue(3);
    }

    @Test
    @DisplayName("retry: waits the backoff delay before each retry: 100 ms, then 200 ms, ...")
    void waitsTheBackoffBetweenAttempts() throws Exception {
        new Retry(5, backoff, ON_IO, sleeper).call(failingTimes(3));
        assertThat(sleeps).as("3 failures: a wait before each of the 3 retries, growing as the backoff says")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    @DisplayName("retry: gives up after maxAttempts and throws the last failure")
    void givesUpAfterMaxAttempts() {
        // When
        Throwable thrown = catchThrowable(() -> new Retry(3, backoff, ON_IO, sleeper).call(failingTimes(10)));

        // Then
        assertThat(attempts).as("maxAttempts = 3 counts the first call: 3 attempts in all").hasValue(3);
        assertThat(thrown).as("the exception of the last attempt").isInstanceOf(IOException.class)
                .hasMessage("timeout #3");
        assertThat(sleeps).as("a wait between attempts, none after the last one").hasSize(2);
    }

    @Test
    @DisplayName("retry: the earlier failures travel with the last one as suppressed exceptions")
    void keepsEarlierFailures() {
        Throwable thrown = catchThrowable(() -> new Retry(3, backoff, ON_IO, sleeper).call(failingTimes(10)));
        assertThat(thrown).as("3 attempts, all failing: the call must end with the last failure").isNotNull();
        assertThat(thrown.getSuppressed()).as("nothing is lost: attempts 1 and 2 are attached to attempt 3's exception")
                .extracting(Throwable::getMessage).containsExactly("timeout #1", "timeout #2");
    }

    @Test
    @DisplayName("retry: an exception that retryOn rejects is thrown at once, without waiting")
    void doesNotRetryOtherExceptions() {
        // Given
        IllegalStateException bug = new IllegalStateException("bad request");

        // When
        Throwable thrown = catchThrowable(() -> new Retry(5, backoff, ON_IO, sleeper).call(() -> {
            attempts.incrementAndGet();
            throw bug;
        }));

        // Then
        assertThat(thrown).as("retrying a bad request cannot help: the same exception, at once").isSameAs(bug);
        assertThat(attempts).as("one attempt").hasValue(1);
        assertThat(sleeps).as("no wait").isEmpty();
    }

    @Test
    @DisplayName("retry: retryOn is asked about every failure: a retryable one, then one that is not, stops there")
    void asksAboutEveryFailure() {
        // When
        Throwable thrown = catchThrowable(() -> new Retry(5, backoff, ON_IO, sleeper).call(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("timeout");
            }
            throw new IllegalStateException("bad request");
        }));

        // Then
        assertThat(thrown).as("the 2nd failure is not retryable").isInstanceOf(IllegalStateException.class);
        assertThat(thrown.getSuppressed()).as("with the 1st failure attached").hasSize(1);
        assertThat(attempts).as("2 attempts, not 5").hasValue(2);
    }

    @Test
    @DisplayName("retry: maxAttempts 1 means no retry at all")
    void oneAttempt() {
        Throwable thrown = catchThrowable(() -> new Retry(1, backoff, ON_IO, sleeper).call(failingTimes(1)));
        assertThat(thrown).as("the first failure").isInstanceOf(IOException.class);
        assertThat(attempts).as("one attempt").hasValue(1);
        assertThat(sleeps).as("no wait").isEmpty();
    }

    @Test
    @DisplayName("retry: an interrupted wait stops retrying, keeps the thread's interrupt flag and throws InterruptedException")
    void interruptionStopsRetrying() {
        // Given
        Sleeper interrupted = duration -> {
            throw new InterruptedException("shutting down");
        };

        // When
        Throwable thrown = catchThrowable(() -> new Retry(5, backoff, ON_IO, interrupted).call(failingTimes(10)));
        boolean flagSet = Thread.interrupted(); // reads and clears the flag

        // Then
        assertThat(thrown).as("someone wants this thread to stop: do not swallow it").isInstanceOf(InterruptedException.class);
        assertThat(flagSet).as("catching InterruptedException clears the flag: set it again "
                + "(Thread.currentThread().interrupt())").isTrue();
        assertThat(attempts).as("no more attempts after the interruption").hasValue(1);
    }

    @Test
    @DisplayName("retry: rejects maxAttempts below 1, naming it")
    void validation() {
        assertThatThrownBy(() -> new Retry(0, backoff, ON_IO, sleeper)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
    }
}
