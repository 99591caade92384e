package dev.microlab.exercises.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exercise 4, part 1: how long to wait before each retry — exponential backoff with jitter.
 *
 * <p>Before retry {@code n} (1 for the first retry) the base delay is
 * {@code initialDelay × multiplier^(n-1)}. Jitter then moves it by up to ± {@code jitter × base},
 * uniformly at random, so that many clients that failed together do not all retry together.
 * The result never exceeds {@code maxDelay}.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.2, new Random());
 * backoff.delayBeforeRetry(3);   // about 400 ms, between 320 and 480 ms
 * }</pre>
 *
 * <p>This class is as threadsafe as its random generator.
 */
public final class Backoff {

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final double jitter;
    private final RandomGenerator random;

    /**
     * @param initialDelay the delay before the first retry, positive
     * @param multiplier   how much each delay grows over the previous one, at least 1.0
     * @param maxDelay     the longest delay ever returned, at least {@code initialDelay}
     * @param jitter       the random spread as a fraction of the delay, 0.0 (none) to 1.0
     * @param random       the source of the jitter (seeded in tests)
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Backoff(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, RandomGenerator random) {
        Objects.requireNonNull(initialDelay, "initialDelay must not be null");
        Objects.requireNonNull(maxDelay, "maxDelay must not be null");
        this.random = Objects.requireNonNull(random, "random must not be null");
        if (initialDelay.isZero() || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be positive, but was " + initialDelay);
        }
        if (!(multiplier >= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException("multiplier must be >= 1.0, but was " + multiplier);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= initialDelay (" + initialDelay + "), but was " + maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0.0, 1.0], but was " + jitter);
        }
        this.initialDelay = initialDelay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
        this.jitter = jitter;
    }

    /**
     * The delay before retry number {@code retry} (1 = the first retry, after the first failure).
     *
     * @throws IllegalArgumentException if {@code retry < 1}
     */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, but was " + retry);
        }
        double max = maxDelay.toNanos();
        // In double, so that a large retry number saturates at maxDelay instead of overflowing a long.
        double base = Math.min(max, initialDelay.toNanos() * Math.pow(multiplier, retry - 1));
        double spread = jitter * base * (2 * random.nextDouble() - 1);
        return Duration.ofNanos((long) Math.min(max, base + spread));
    }
}
