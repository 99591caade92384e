package dev.microlab.core.timeout;

import dev.microlab.core.internal.Arguments;
import java.time.Duration;

/**
 * The immutable settings of a {@link TimeLimiter}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>timeout</td><td>1 s</td><td>how long a call may take; {@code > 0}</td></tr>
 *   <tr><td>cancelRunningFuture</td><td>true</td><td>cancel (and for blocking calls interrupt) a call that timed out</td></tr>
 * </table>
 *
 * <p>The clock and the threads are not settings: the scheduler that fires the timeout of
 * asynchronous calls and the executor that runs blocking calls are given to the time limiter
 * itself ({@link TimeLimiter.Builder#scheduler}, {@link TimeLimiter.Builder#executor}), as the
 * clock of every microlab component is, so one config can be shared by time limiters that run
 * on different clocks.
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
 */
public record TimeLimiterConfig(Duration timeout, boolean cancelRunningFuture) {

    /** Default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     */
    public TimeLimiterConfig {
        checkTimeout(timeout);
    }

    /** The defaults: 1 s, cancel running calls. */
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
        return new Builder().timeout(base.timeout).cancelRunningFuture(base.cancelRunningFuture);
    }

    private static void checkTimeout(Duration timeout) {
        Arguments.requirePositive(timeout, "timeout");
    }

    /** Builds a {@link TimeLimiterConfig}; each setter validates its value at once. Not threadsafe. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean cancelRunningFuture = true;

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

        /** The immutable config. */
        public TimeLimiterConfig build() {
            return new TimeLimiterConfig(timeout, cancelRunningFuture);
        }
    }
}
