package dev.microlab.core.time;

import dev.microlab.core.internal.Nanos;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A time source that only moves when told to: the clock of every deterministic test.
 *
 * <p>Both readings move together: {@link #advance(Duration)} adds the same amount to the
 * monotonic reading and to the wall-clock instant. Time never goes backwards; asking it to
 * is an error, because a component that sees time run backwards is being tested in a world
 * that cannot happen. The monotonic reading stops at its end, 2^63−1 ns (about 292 years)
 * after the start: advancing further leaves it there rather than wrapping around to negative.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
 * CircuitBreaker breaker = CircuitBreaker.builder("payments").timeSource(time).build();
 * // ... make it open ...
 * time.advance(Duration.ofSeconds(60));   // the open wait is over
 * }</pre>
 *
 * <p>This class is threadsafe: several threads may advance and read it at once, and each
 * reading is consistent with some order of the advances.
 */
public final class ManualTimeSource implements TimeSource {

    /** The default starting instant: fixed, so that test output is the same on every run. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant origin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    /** A time source starting at {@link #DEFAULT_START}. */
    public ManualTimeSource() {
        this(DEFAULT_START);
    }

    /**
     * A time source whose wall clock starts at {@code start}.
     *
     * @throws NullPointerException if {@code start} is null
     */
    public ManualTimeSource(Instant start) {
        this.origin = Objects.requireNonNull(start, "start must not be null");
    }

    /**
     * The monotonic reading: nanoseconds elapsed since this source was created. Starts at 0;
     * code under test must use differences only, as with {@link System#nanoTime()}.
     */
    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos.get());
    }

    /** How much time has passed since this source was created. */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }

    /**
     * Moves both clocks forward by {@code amount}.
     *
     * @return the new monotonic reading
     * @throws NullPointerException if {@code amount} is null
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public long advance(Duration amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException(
                    "amount must be >= 0 (time never goes backwards), but was " + amount);
        }
        return add(Nanos.of(amount));
    }

    /** Moves both clocks forward by {@code nanos} nanoseconds; see {@link #advance(Duration)}. */
    public long advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(
                    "nanos must be >= 0 (time never goes backwards), but was " + nanos);
        }
        return add(nanos);
    }

    private long add(long nanos) {
        return elapsedNanos.accumulateAndGet(nanos, Nanos::add);
    }

    /**
     * Sets the wall clock to {@code instant}, moving the monotonic reading by the same amount.
     *
     * @throws IllegalArgumentException if {@code instant} is before the current instant
     */
    public void setInstant(Instant instant) {
        Objects.requireNonNull(instant, "instant must not be null");
        long target = Nanos.of(Duration.between(origin, instant));
        long current;
        do {
            current = elapsedNanos.get();
            if (target < current) {
                throw new IllegalArgumentException("instant must not be before the current instant "
                        + origin.plusNanos(current) + " (time never goes backwards), but was " + instant);
            }
        } while (!elapsedNanos.compareAndSet(current, target));
    }

    /**
     * A {@link Sleeper} that returns at once after moving this clock forward by the requested
     * duration: blocking code under test "waits" without waiting.
     */
    public Sleeper sleeper() {
        return duration -> {
            if (!duration.isNegative()) {
                advance(duration);
            }
        };
    }

    @Override
    public String toString() {
        return "ManualTimeSource[" + instant() + "]";
    }
}
