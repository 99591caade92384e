package dev.microlab.core.bulkhead;

import dev.microlab.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of a {@link Bulkhead}.
 *
 * <ul>
 *   <li>{@code maxConcurrentCalls} (default 25): how many calls may run at once, {@code >= 1}.
 *   <li>{@code maxWait} (default {@link Duration#ZERO}): how long a blocking caller waits for a
 *       permit before it is rejected, {@code >= 0}; zero means fail fast.
 * </ul>
 *
 * <pre>{@code
 * BulkheadConfig config = BulkheadConfig.builder()
 *         .maxConcurrentCalls(10)
 *         .maxWait(Duration.ofMillis(50))
 *         .build();
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param maxConcurrentCalls how many calls may hold a permit at once
 * @param maxWait how long {@link Bulkhead#acquirePermission()} waits for a permit
 */
public record BulkheadConfig(int maxConcurrentCalls, Duration maxWait) {

    /** Default limit on concurrent calls. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 25;
    /** Default wait: none, a full bulkhead rejects at once. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if {@code maxWait} is null
     */
    public BulkheadConfig {
        checkMaxConcurrentCalls(maxConcurrentCalls);
        checkMaxWait(maxWait);
    }

    /** The defaults: 25 concurrent calls, no wait. */
    public static BulkheadConfig ofDefaults() {
        return new BulkheadConfig(DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_MAX_WAIT);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values, to derive a variant. */
    public static Builder from(BulkheadConfig base) {
        Arguments.requireNonNull(base, "base");
        return new Builder().maxConcurrentCalls(base.maxConcurrentCalls).maxWait(base.maxWait);
    }

    private static int checkMaxConcurrentCalls(int value) {
        return Arguments.requireAtLeast(value, 1, "maxConcurrentCalls");
    }

    private static Duration checkMaxWait(Duration value) {
        return Arguments.requireNonNegative(value, "maxWait");
    }

    /** Builds a {@link BulkheadConfig}; each setter validates its value at once. Not threadsafe. */
    public static final class Builder {
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWait = DEFAULT_MAX_WAIT;

        private Builder() {
        }

        /**
         * How many calls may run at once.
         *
         * @throws IllegalArgumentException if {@code maxConcurrentCalls < 1}
         */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            this.maxConcurrentCalls = checkMaxConcurrentCalls(maxConcurrentCalls);
            return this;
        }

        /**
         * How long a blocking caller waits for a permit; {@link Duration#ZERO} fails fast.
         *
         * @throws IllegalArgumentException if {@code maxWait} is negative
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = checkMaxWait(maxWait);
            return this;
        }

        /** The immutable config. */
        public BulkheadConfig build() {
            return new BulkheadConfig(maxConcurrentCalls, maxWait);
        }
    }
}
