package dev.microlab.core.retry;

import dev.microlab.core.internal.Arguments;
import dev.microlab.core.internal.Nanos;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a {@link Retry} waits before the next attempt.
 *
 * <p>{@link #delay(int, Duration)} receives the number of the attempt that just failed
 * (1 for the first call) and the delay it returned last time ({@link Duration#ZERO} before the
 * first retry), and returns the wait before the next attempt.
 *
 * <p>The factories follow the AWS Architecture Blog post "Exponential Backoff And Jitter":
 * with {@code n} the failed attempt's number,
 * <ul>
 *   <li>{@link #fixed}: always {@code d};
 *   <li>{@link #exponential}: {@code min(max, initial * multiplier^(n-1))};
 *   <li>{@link #fullJitter}: {@code random[0, min(max, base * 2^(n-1))]};
 *   <li>{@link #equalJitter}: {@code t/2 + random[0, t/2]} with {@code t = min(max, base * 2^(n-1))};
 *   <li>{@link #decorrelatedJitter}: {@code min(max, random[base, previous * 3])}, starting
 *       from {@code previous = base}.
 * </ul>
 * Jitter spreads the retries of many clients over time so they do not hit a recovering
 * service in lockstep. Randomness is passed in, so a seeded generator makes delays
 * reproducible in tests.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(10), new Random());
 * Retry retry = Retry.builder("payments").maxAttempts(5).backoff(backoff).build();
 * }</pre>
 *
 * <p>Implementations must be threadsafe; the built-in ones are, provided their
 * {@link RandomGenerator} is (like {@link java.util.Random}; a {@code SplittableRandom} is not).
 */
@FunctionalInterface
public interface Backoff {

    /**
     * The wait before the attempt after {@code attempt}.
     *
     * @param attempt the number of the attempt that just failed, {@code >= 1}
     * @param previousDelay the delay returned for the previous retry, {@link Duration#ZERO} if none
     * @return a delay {@code >= 0}
     */
    Duration delay(int attempt, Duration previousDelay);

    /** No wait at all between attempts. */
    static Backoff none() {
        return fixed(Duration.ZERO);
    }

    /**
     * The same delay before every retry.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    static Backoff fixed(Duration delay) {
        long nanos = nonNegativeNanos("delay", delay);
        Duration d = Duration.ofNanos(nanos);
        return (attempt, previous) -> d;
    }

    /**
     * {@code min(max, initial * multiplier^(attempt-1))}.
     *
     * @throws IllegalArgumentException if {@code initial <= 0}, {@code multiplier < 1} (or not
     *     finite) or {@code max < initial}
     */
    static Backoff exponential(Duration initial, double multiplier, Duration max) {
        long initialNanos = positiveNanos("initial", initial);
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException(
                    "multiplier must be a finite number >= 1.0, but was " + multiplier);
        }
        long maxNanos = maxNanos(max, initialNanos, "initial");
        return (attempt, previous) -> Duration.ofNanos(capped(initialNanos, multiplier, attempt, maxNanos));
    }

    /**
     * "Full jitter": a uniformly random delay in {@code [0, min(max, base * 2^(attempt-1))]}.
     *
     * @throws IllegalArgumentException if {@code base <= 0} or {@code max < base}
     */
    static Backoff fullJitter(Duration base, Duration max, RandomGenerator random) {
        long baseNanos = positiveNanos("base", base);
        long maxNanos = maxNanos(max, baseNanos, "base");
        Arguments.requireNonNull(random, "random");
        return (attempt, previous) -> {
            long ceiling = capped(baseNanos, 2.0, attempt, maxNanos);
            return Duration.ofNanos(between(random, 0, ceiling));
        };
    }

    /**
     * "Equal jitter": half of {@code t = min(max, base * 2^(attempt-1))} plus a uniformly
     * random part of the other half, so the delay is in {@code [t/2, t]}.
     *
     * @throws IllegalArgumentException if {@code base <= 0} or {@code max < base}
     */
    static Backoff equalJitter(Duration base, Duration max, RandomGenerator random) {
        long baseNanos = positiveNanos("base", base);
        long maxNanos = maxNanos(max, baseNanos, "base");
        Arguments.requireNonNull(random, "random");
        return (attempt, previous) -> {
            long t = capped(baseNanos, 2.0, attempt, maxNanos);
            long half = t / 2;
            return Duration.ofNanos(half + between(random, 0, t - half));
        };
    }

    /**
     * "Decorrelated jitter": {@code min(max, random[base, previous * 3])}, where
     * {@code previous} is the last delay (or {@code base} before the first retry). Each delay
     * depends on the previous one rather than on the attempt number.
     *
     * @throws IllegalArgumentException if {@code base <= 0} or {@code max < base}
     */
    static Backoff decorrelatedJitter(Duration base, Duration max, RandomGenerator random) {
        long baseNanos = positiveNanos("base", base);
        long maxNanos = maxNanos(max, baseNanos, "base");
        Arguments.requireNonNull(random, "random");
        return (attempt, previous) -> {
            long prev = previous == null || previous.compareTo(base) < 0 ? baseNanos : Nanos.of(previous);
            long upper = prev > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : prev * 3;
            return Duration.ofNanos(Math.min(maxNanos, between(random, baseNanos, upper)));
        };
    }

    private static long capped(long initialNanos, double multiplier, int attempt, long maxNanos) {
        double value = initialNanos * Math.pow(multiplier, Math.max(0, attempt - 1));
        return value >= maxNanos ? maxNanos : (long) value;
    }

    /** Uniform in [low, high], both inclusive. */
    private static long between(RandomGenerator random, long low, long high) {
        if (high <= low) {
            return low;
        }
        long span = high - low;
        return span == Long.MAX_VALUE ? low + random.nextLong(span) : low + random.nextLong(span + 1);
    }

    private static long nonNegativeNanos(String field, Duration value) {
        return Nanos.of(Arguments.requireNonNegative(value, field));
    }

    private static long positiveNanos(String field, Duration value) {
        return Nanos.of(Arguments.requirePositive(value, field));
    }

    private static long maxNanos(Duration max, long lowerNanos, String lowerName) {
        Arguments.requireNonNull(max, "max");
        long maxNanos = Nanos.of(max);
        if (max.isNegative() || maxNanos < lowerNanos) {
            throw new IllegalArgumentException("max must be >= " + lowerName + " ("
                    + Duration.ofNanos(lowerNanos) + "), but was " + max);
        }
        return maxNanos;
    }

}
