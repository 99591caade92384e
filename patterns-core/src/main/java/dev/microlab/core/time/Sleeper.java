package dev.microlab.core.time;

import dev.microlab.core.internal.Nanos;
import java.time.Duration;

/**
 * How a blocking component waits: between retry attempts, or while a bulkhead or rate limiter
 * makes a caller wait for a permit.
 *
 * <p>Production code uses {@link #system()}. Tests pass {@link ManualTimeSource#sleeper()},
 * which "waits" by moving the manual clock forward, so a retry with a minute of backoff runs
 * instantly and deterministically.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps the calling thread with {@link Thread#sleep(long, int)}; a duration too long for
     * nanoseconds sleeps 2^63−1 ns (about 292 years: until interrupted).
     */
    static Sleeper system() {
        return duration -> {
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            long nanos = Nanos.of(duration);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        };
    }
}
