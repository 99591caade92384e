package dev.microlab.core.ratelimiter;

import dev.microlab.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of a {@link RateLimiter} (a token bucket).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>rate</td><td>50 per second</td><td>{@code permitsPerPeriod} tokens are added every {@code period}, spread evenly</td></tr>
 *   <tr><td>burstCapacity</td><td>{@code permitsPerPeriod}</td><td>the bucket's size: most permits available at once; {@code >= 1}</td></tr>
 *   <tr><td>maxWait</td><td>{@link Duration#ZERO}</td><td>how long the {@code execute*} helpers wait for a permit</td></tr>
 * </table>
 *
 * <p>The clock is not a setting: the time source that refills the bucket and the sleeper that
 * waits for reserved permits are given to the rate limiter itself
 * ({@link RateLimiter.Builder#timeSource}, {@link RateLimiter.Builder#sleeper}), as to every
 * microlab component, so one config can be shared by limiters that run on different clocks.
 *
 * <pre>{@code
 * RateLimiterConfig config = RateLimiterConfig.builder()
 *         .rate(100, Duration.ofSeconds(1))
 *         .burstCapacity(20)
 *         .build();
 * }</pre>
 *
 * <p>{@code burstCapacity} is a <em>derived default</em>: unless set, it follows the rate's
 * {@code permits}, also in a builder started from an existing config ({@link #from(RateLimiterConfig)}
 * keeps it derived), so changing only the rate of a config whose burst was never set changes
 * the burst with it.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class RateLimiterConfig {

    /** Default permits per period. */
    public static final int DEFAULT_PERMITS_PER_PERIOD = 50;
    /** Default refill period. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    private final int permitsPerPeriod;
    private final Duration period;
    private final int burstCapacity;
    /** Whether {@code burstCapacity} was set, rather than derived from {@code permitsPerPeriod}. */
    private final boolean burstCapacitySet;
    private final Duration maxWait;

    /**
     * Validates the settings; {@code burstCapacity} counts as set explicitly.
     *
     * @param permitsPerPeriod tokens added per {@code period}
     * @param period the refill period
     * @param burstCapacity the bucket's size
     * @param maxWait how long the {@code execute*} helpers wait for a permit
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if a value is null
     */
    public RateLimiterConfig(int permitsPerPeriod, Duration period, int burstCapacity, Duration maxWait) {
        this(permitsPerPeriod, period, burstCapacity, true, maxWait);
    }

    private RateLimiterConfig(int permitsPerPeriod, Duration period, int burstCapacity, boolean burstCapacitySet,
                              Duration maxWait) {
        checkRate(permitsPerPeriod, period);
        checkBurst(burstCapacity);
        checkMaxWait(maxWait);
        try {
            Math.addExact(Math.multiplyExact((long) burstCapacity, period.toNanos()), period.toNanos());
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("burstCapacity x period must be below 2^63 nanoseconds, but was "
                    + burstCapacity + " x " + period);
        }
        this.permitsPerPeriod = permitsPerPeriod;
        this.period = period;
        this.burstCapacity = burstCapacity;
        this.burstCapacitySet = burstCapacitySet;
        this.maxWait = maxWait;
    }

    /** Tokens added per {@link #period()}. */
    public int permitsPerPeriod() {
        return permitsPerPeriod;
    }

    /** The refill period. */
    public Duration period() {
        return period;
    }

    /** The bucket's size: the most permits available at once. */
    public int burstCapacity() {
        return burstCapacity;
    }

    /** How long the {@code execute*} helpers wait for a permit. */
    public Duration maxWait() {
        return maxWait;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RateLimiterConfig that
                && permitsPerPeriod == that.permitsPerPeriod && period.equals(that.period)
                && burstCapacity == that.burstCapacity && burstCapacitySet == that.burstCapacitySet
                && maxWait.equals(that.maxWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(permitsPerPeriod, period, burstCapacity, burstCapacitySet, maxWait);
    }

    @Override
    public String toString() {
        return "RateLimiterConfig[permitsPerPeriod=" + permitsPerPeriod + ", period=" + period
                + ", burstCapacity=" + burstCapacity + (burstCapacitySet ? "" : " (derived)")
                + ", maxWait=" + maxWait + "]";
    }

    /** The defaults: 50 per second, burst 50, no wait. */
    public static RateLimiterConfig ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values, to derive a variant. */
    public static Builder from(RateLimiterConfig base) {
        Arguments.requireNonNull(base, "base");
        Builder builder = new Builder().rate(base.permitsPerPeriod, base.period)
                .maxWait(base.maxWait);
        if (base.burstCapacitySet) {
            builder.burstCapacity(base.burstCapacity); // a derived burst stays derived: it follows a new rate
        }
        return builder;
    }

    private static void checkRate(int permitsPerPeriod, Duration period) {
        Arguments.requireAtLeast(permitsPerPeriod, 1, "permitsPerPeriod");
        Arguments.requirePositive(period, "period");
        if (period.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("period must be <= 365 days, but was " + period);
        }
    }

    private static void checkBurst(int burstCapacity) {
        Arguments.requireAtLeast(burstCapacity, 1, "burstCapacity");
    }

    private static void checkMaxWait(Duration maxWait) {
        Arguments.requireNonNegative(maxWait, "maxWait");
    }

    /** Builds a {@link RateLimiterConfig}; each setter validates its value at once. Not threadsafe. */
    public static final class Builder {
        private int permitsPerPeriod = DEFAULT_PERMITS_PER_PERIOD;
        private Duration period = DEFAULT_PERIOD;
        private Integer burstCapacity;
        private Duration maxWait = Duration.ZERO;

        private Builder() {
        }

        /**
         * {@code permits} tokens every {@code period}, added continuously (one every
         * {@code period / permits}).
         *
         * @throws IllegalArgumentException if {@code permits < 1} or {@code period} is not in
         *     (0, 365 days]
         */
        public Builder rate(int permits, Duration period) {
            checkRate(permits, period);
            this.permitsPerPeriod = permits;
            this.period = period;
            return this;
        }

        /**
         * The bucket's size: how many permits can be taken at once after an idle time.
         * Defaults to the rate's {@code permits}.
         *
         * @throws IllegalArgumentException if {@code burstCapacity < 1}
         */
        public Builder burstCapacity(int burstCapacity) {
            checkBurst(burstCapacity);
            this.burstCapacity = burstCapacity;
            return this;
        }

        /**
         * How long the {@code execute*} helpers wait for a permit before throwing
         * {@link RequestNotPermittedException}.
         *
         * @throws IllegalArgumentException if {@code maxWait} is negative
         */
        public Builder maxWait(Duration maxWait) {
            checkMaxWait(maxWait);
            this.maxWait = maxWait;
            return this;
        }

        /** The immutable config. */
        public RateLimiterConfig build() {
            return new RateLimiterConfig(permitsPerPeriod, period,
                    burstCapacity != null ? burstCapacity : permitsPerPeriod, burstCapacity != null,
                    maxWait);
        }
    }
}
