package dev.microlab.core.internal;

import java.time.Duration;

/**
 * Nanosecond arithmetic that saturates instead of wrapping around.
 *
 * <p>The one rule of patterns-core for long durations: every duration is used in nanoseconds,
 * and one that does not fit in a {@code long} (longer than 2^63−1 ns, about 292 years) counts
 * as 2^63−1 ns — in practice "forever". Sums and products of readings saturate the same way,
 * so a huge setting never turns into a negative deadline (time running backwards).
 *
 * <p>This class is threadsafe (stateless).
 */
public final class Nanos {

    /** The longest duration that fits in nanoseconds: 2^63−1 ns, about 292 years. */
    public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    private Nanos() {
    }

    /** {@code duration} in nanoseconds, saturated to [{@code Long.MIN_VALUE}, {@code Long.MAX_VALUE}]. */
    public static long of(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code duration}, or {@link #MAX_DURATION} if it is longer. */
    public static Duration saturate(Duration duration) {
        return duration.compareTo(MAX_DURATION) > 0 ? MAX_DURATION : duration;
    }

    /** {@code a + b}, saturated. */
    public static long add(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** {@code a * b}, saturated. */
    public static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
