package dev.microlab.core.time;

import java.time.Instant;

/**
 * Where a component reads time: a monotonic clock for measuring durations and a wall clock
 * for timestamps that people read.
 *
 * <p>Every time-based component in microlab takes a {@code TimeSource} instead of calling
 * {@link System#nanoTime()} or {@link Instant#now()} itself. Production code uses
 * {@link #system()}; tests use a {@link ManualTimeSource} and move time forward explicitly,
 * so a minute of circuit-breaker behaviour is tested in microseconds and never with
 * {@code Thread.sleep}.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource();
 * long start = time.nanoTime();
 * time.advance(Duration.ofSeconds(30));
 * assert time.nanoTime() - start == Duration.ofSeconds(30).toNanos();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

    /**
     * A monotonic reading in nanoseconds, only meaningful as a difference between two
     * readings of the same source (like {@link System#nanoTime()}). Never decreases.
     */
    long nanoTime();

    /** The current wall-clock instant, for timestamps (event recorded times, logs). */
    Instant instant();

    /** The JVM's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
