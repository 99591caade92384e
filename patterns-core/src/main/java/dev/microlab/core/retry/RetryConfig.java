package dev.microlab.core.retry;

import dev.microlab.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The immutable settings of a {@link Retry}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>maxAttempts</td><td>3</td><td>attempts in all, the first call included; {@code >= 1}</td></tr>
 *   <tr><td>maxDuration</td><td>none</td><td>no attempt starts after this much time since the first</td></tr>
 *   <tr><td>backoff</td><td>fixed 500 ms</td><td>the wait between attempts</td></tr>
 *   <tr><td>retryOnException</td><td>any {@link Exception}</td><td>which failures are retried</td></tr>
 *   <tr><td>retryOnResult</td><td>none</td><td>which results count as failures and are retried</td></tr>
 *   <tr><td>abortOn</td><td>none</td><td>failures that stop retrying at once (checked first)</td></tr>
 * </table>
 *
 * <p>The clock is not a setting: the time source that measures {@code maxDuration}, the sleeper
 * that waits between blocking attempts and the scheduler of asynchronous attempts are given to
 * the retry itself ({@link Retry.Builder#timeSource}, {@link Retry.Builder#sleeper},
 * {@link Retry.Builder#scheduler}), as to every microlab component, so one config can be shared
 * by retries that run on different clocks.
 *
 * <pre>{@code
 * RetryConfig config = RetryConfig.builder()
 *         .maxAttempts(5)
 *         .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)))
 *         .retryOnException(e -> e instanceof IOException)
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable, provided the predicates and backoff are).
 */
public final class RetryConfig {

    /** Default number of attempts, the first call included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default wait between attempts. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(500);
    /** One instance, so that two default configs are equal. */
    private static final Backoff DEFAULT_BACKOFF = Backoff.fixed(DEFAULT_WAIT);

    private final int maxAttempts;
    private final Duration maxDuration;
    private final Backoff backoff;
    private final Predicate<Throwable> retryOnException;
    private final Predicate<Object> retryOnResult;
    private final Predicate<Throwable> abortOn;

    private RetryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.maxDuration = b.maxDuration;
        this.backoff = b.backoff;
        this.retryOnException = b.retryOnException;
        this.retryOnResult = b.retryOnResult;
        this.abortOn = b.abortOn;
    }

    /** The defaults: see the table in the class description. */
    public static RetryConfig ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values, to derive a variant. */
    public static Builder from(RetryConfig base) {
        Arguments.requireNonNull(base, "base");
        Builder b = new Builder();
        b.maxAttempts = base.maxAttempts;
        b.maxDuration = base.maxDuration;
        b.backoff = base.backoff;
        b.retryOnException = base.retryOnException;
        b.retryOnResult = base.retryOnResult;
        b.abortOn = base.abortOn;
        return b;
    }

    /** Attempts in all, the first call included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The time budget measured from the start of the first attempt, if any. */
    public Optional<Duration> maxDuration() {
        return Optional.ofNullable(maxDuration);
    }

    /** The wait between attempts. */
    public Backoff backoff() {
        return backoff;
    }

    /** Which exceptions are retried. */
    public Predicate<Throwable> retryOnException() {
        return retryOnException;
    }

    /** Which results are treated as failures and retried. */
    public Predicate<Object> retryOnResult() {
        return retryOnResult;
    }

    /** Which exceptions stop retrying at once. */
    public Predicate<Throwable> abortOn() {
        return abortOn;
    }

    /**
     * Equal when every option is equal; predicates and backoff compare with their own
     * {@code equals} (usually identity).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof RetryConfig that
                && maxAttempts == that.maxAttempts && Objects.equals(maxDuration, that.maxDuration)
                && backoff.equals(that.backoff) && retryOnException.equals(that.retryOnException)
                && retryOnResult.equals(that.retryOnResult) && abortOn.equals(that.abortOn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, maxDuration, backoff, retryOnException, retryOnResult, abortOn);
    }

    @Override
    public String toString() {
        return "RetryConfig[maxAttempts=" + maxAttempts + ", maxDuration=" + maxDuration + "]";
    }

    /** Builds a {@link RetryConfig}; each setter validates its value at once. Not threadsafe. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxDuration;
        private Backoff backoff = DEFAULT_BACKOFF;
        private Predicate<Throwable> retryOnException = e -> e instanceof Exception;
        private Predicate<Object> retryOnResult = r -> false;
        private Predicate<Throwable> abortOn = e -> false;

        private Builder() {
        }

        /**
         * Attempts in all, the first call included; 1 means no retry.
         *
         * @throws IllegalArgumentException if {@code maxAttempts < 1}
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Arguments.requireAtLeast(maxAttempts, 1, "maxAttempts");
            return this;
        }

        /**
         * A time budget: an attempt whose backoff delay would end more than {@code maxDuration}
         * after the first attempt started is not made.
         *
         * @throws IllegalArgumentException if {@code maxDuration <= 0}
         */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = Arguments.requirePositive(maxDuration, "maxDuration");
            return this;
        }

        /** The wait between attempts. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Arguments.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Which exceptions are retried (default: any {@link Exception}, no {@link Error}). */
        public Builder retryOnException(Predicate<Throwable> retryOnException) {
            this.retryOnException = Arguments.requireNonNull(retryOnException, "retryOnException");
            return this;
        }

        /** Which results are treated as failures and retried (default: none). */
        public Builder retryOnResult(Predicate<Object> retryOnResult) {
            this.retryOnResult = Arguments.requireNonNull(retryOnResult, "retryOnResult");
            return this;
        }

        /** Exceptions that stop retrying at once; checked before {@code retryOnException}. */
        public Builder abortOn(Predicate<Throwable> abortOn) {
            this.abortOn = Arguments.requireNonNull(abortOn, "abortOn");
            return this;
        }

        /** The immutable config. */
        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
