package dev.microlab.exercises.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exercise 4, part 1: how long to wait before each retry — exponential backoff with jitter.
 * Instructions: {@code exercises/instructions/04-retry/README.md}.
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
 */
public final class Backoff {

    /**
     * @param initialDelay the delay before the first retry, positive
     * @param multiplier   how much each delay grows over the previous one, at least 1.0
     * @param maxDelay     the longest delay ever returned, at least {@code initialDelay}
     * @param jitter       the random spread as a fraction of the delay, 0.0 (none) to 1.0
     * @param random       the source of the jitter (seeded in tests)
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Backoff(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, RandomGenerator random) {
        throw new UnsupportedOperationException("TODO: validate the settings and keep them");
    }

    /**
     * The delay before retry number {@code retry} (1 = the first retry, after the first failure).
     *
     * @throws IllegalArgumentException if {@code retry < 1}
     */
    public Duration delayBeforeRetry(int retry) {
        throw new UnsupportedOperationException("TODO: initialDelay × multiplier^(retry-1), jittered, at most maxDelay");
    }
}
