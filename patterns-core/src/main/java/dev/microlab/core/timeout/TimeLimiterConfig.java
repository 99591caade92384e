package dev.microlab.core.timeout;

import dev.microlab.core.internal.Arguments;
import dev.microlab.core.time.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The immutable settings of a {@link TimeLimiter}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>timeout</td><td>1 s</td><td>how long a call may take; {@code > 0}</td></tr>
 *   <tr><td>cancelRunningFuture</td><td>true</td><td>cancel (and for blocking calls interrupt) a call that timed out</td></tr>
 *   <tr><td>scheduler</td><td>a shared daemon timer thread</td><td>fires the timeout of asynchronous calls</td></tr>
 *   <tr><td>executor</td><td>a shared pool of daemon threads</td><td>runs blocking calls, so the caller can stop waiting</td></tr>
 * </table>
 *
 * <pre>{@code
 * TimeLimiterConfig config = TimeLimiterConfig.builder()
 *         .timeout(Duration.ofMillis(800))
 *         .cancelRunningFuture(true)
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param timeout how long a call may take
 * @param cancelRunningFuture whether a timed-out call is cancelled
 * @param scheduler fires the timeout of asynchronous calls
 * @param executor runs blocking calls
 */
public record TimeLimiterConfig(Duration timeout, boolean cancelRunningFuture, Scheduler scheduler,
                                Executor executor) {

    /** Default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if a value is null
     */
    public TimeLimiterConfig {
        checkTimeout(timeout);
        Arguments.requireNonNull(scheduler, "scheduler");
        Arguments.requireNonNull(executor, "executor");
    }

    /** The defaults: 1 s, cancel running calls, shared daemon threads. */
    public static TimeLimiterConfig ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values, to derive a variant. */
    public static Builder from(TimeLimiterConfig base) {
        Arguments.requireNonNull(base, "base");
        Builder b = new Builder().timeout(base.timeout).cancelRunningFuture(base.cancelRunningFuture);
        b.scheduler = base.scheduler;
        b.executor = base.executor;
        return b;
    }

    private static void checkTimeout(Duration timeout) {
        Arguments.requirePositive(timeout, "timeout");
    }

    /** Builds a {@link TimeLimiterConfig}; each setter validates its value at once. Not threadsafe. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean cancelRunningFuture = true;
        private Scheduler scheduler;
        private Executor executor;

        private Builder() {
        }

        /**
         * How long a call may take.
         *
         * @throws IllegalArgumentException if {@code timeout} is not positive
         */
        public Builder timeout(Duration timeout) {
            checkTimeout(timeout);
            this.timeout = timeout;
            return this;
        }

        /** Whether a call that timed out is cancelled (blocking calls: interrupted). */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            this.cancelRunningFuture = cancelRunningFuture;
            return this;
        }

        /** Fires the timeout of asynchronous calls; tests pass a {@code ManualScheduler}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Arguments.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Runs blocking calls ({@link TimeLimiter#executeCallable}); the caller owns it. */
        public Builder executor(Executor executor) {
            this.executor = Arguments.requireNonNull(executor, "executor");
            return this;
        }

        /** The immutable config. */
        public TimeLimiterConfig build() {
            return new TimeLimiterConfig(timeout, cancelRunningFuture,
                    scheduler != null ? scheduler : DefaultExecutors.scheduler(),
                    executor != null ? executor : DefaultExecutors.executor());
        }
    }
}
