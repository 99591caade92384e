package dev.microlab.circuitbreaker;

import dev.microlab.core.internal.Arguments;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The immutable settings of a {@link CircuitBreaker}: when it opens, how long it stays open, how
 * it probes the backend again and which outcomes count.
 *
 * <p>Why a separate object: one config is usually shared by many breakers (one per backend)
 * through a {@link CircuitBreakerRegistry}; the values are checked once, when the config is
 * built, so a bad value fails at start-up and not at the first failing call.
 *
 * <pre>{@code
 * CircuitBreakerConfig config = CircuitBreakerConfig.builder()
 *         .failureRateThreshold(50)                 // open at >= 50 % failures ...
 *         .slidingWindow(SlidingWindowType.COUNT_BASED, 20)   // ... of the last 20 calls
 *         .minimumNumberOfCalls(10)                 // ... once at least 10 were recorded
 *         .waitDurationInOpen(Duration.ofSeconds(30))
 *         .permittedCallsInHalfOpen(3)
 *         .ignoreExceptions(IllegalArgumentException.class)   // a caller's bug, not the backend's
 *         .build();
 * }</pre>
 *
 * <p>Every bad value is rejected with an {@link IllegalArgumentException} naming the field, the
 * value and the allowed range. Defaults follow Resilience4j where it has the same setting, except
 * {@link #maxWaitInHalfOpen()}, which defaults to 60 seconds so that a breaker cannot stay stuck
 * in half-open (Resilience4j #903, #935), and {@link #writableStackTrace()}, false: rejections
 * are stackless unless asked for.
 *
 * <p>This class is threadsafe (immutable).
 */
public final class CircuitBreakerConfig {

    /** How the closed state measures the recent past. */
    public enum SlidingWindowType {
        /** The last {@code slidingWindowSize} calls. */
        COUNT_BASED,
        /** The calls of the last {@code slidingWindowSize} seconds, in one-second buckets. */
        TIME_BASED
    }

    /** Largest count window; the window packs its totals in 21-bit fields. */
    public static final int MAX_COUNT_WINDOW_SIZE = 1_000_000;
    /** Largest time window, in seconds (one day). */
    public static final int MAX_TIME_WINDOW_SECONDS = 86_400;
    /** Largest number of trial calls in half-open; the trial counters pack in 21-bit fields. */
    public static final int MAX_PERMITTED_CALLS_IN_HALF_OPEN = 1_000_000;

    private static final Predicate<Throwable> RECORD_ALL = t -> true;
    private static final Predicate<Throwable> IGNORE_NONE = t -> false;
    private static final Predicate<Object> NO_RESULT_IS_FAILURE = r -> false;
    private static final CircuitBreakerConfig DEFAULTS = new Builder().build();

    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final Duration slowCallDuration;
    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final int permittedCallsInHalfOpen;
    private final int successThresholdInHalfOpen;
    private final Duration maxWaitInHalfOpen;
    private final Duration waitDurationInOpen;
    private final double openWaitMultiplier;
    /** The cap as set, or null when it is derived (it then follows {@link #waitDurationInOpen}). */
    private final Duration maxWaitDurationInOpen;
    private final boolean automaticTransitionToHalfOpen;
    private final Predicate<Throwable> recordException;
    private final Predicate<Throwable> ignoreException;
    private final Predicate<Object> recordResult;
    private final boolean writableStackTrace;

    private CircuitBreakerConfig(Builder b) {
        this.failureRateThreshold = b.failureRateThreshold;
        this.slowCallRateThreshold = b.slowCallRateThreshold;
        this.slowCallDuration = b.slowCallDuration;
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.permittedCallsInHalfOpen = b.permittedCallsInHalfOpen;
        this.successThresholdInHalfOpen = b.successThresholdInHalfOpen;
        this.maxWaitInHalfOpen = b.maxWaitInHalfOpen;
        this.waitDurationInOpen = b.waitDurationInOpen;
        this.openWaitMultiplier = b.openWaitMultiplier;
        this.maxWaitDurationInOpen = b.maxWaitDurationInOpen;
        this.automaticTransitionToHalfOpen = b.automaticTransitionToHalfOpen;
        this.recordException = b.recordException;
        this.ignoreException = b.ignoreException;
        this.recordResult = b.recordResult;
        this.writableStackTrace = b.writableStackTrace;
    }

    /** The defaults: see each accessor. */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s values, to derive a variant. */
    public static Builder from(CircuitBreakerConfig base) {
        Objects.requireNonNull(base, "from: base must not be null");
        return new Builder(base);
    }

    /** Failure rate in percent at or above which the breaker opens. Default 50. */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** Slow-call rate in percent at or above which the breaker opens. Default 100. */
    public float slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** A call that takes longer than this is slow. Default 60 seconds. */
    public Duration slowCallDuration() {
        return slowCallDuration;
    }

    /** Count-based (default) or time-based window. */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /** Calls (count-based) or seconds (time-based) in the window. Default 100. */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** Calls the window must hold before any rate is evaluated. Default 100. */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** Trial calls admitted in half-open; never more, even under a race. Default 10. */
    public int permittedCallsInHalfOpen() {
        return permittedCallsInHalfOpen;
    }

    /**
     * When present, half-open closes after this many successful (and not slow) trial calls and
     * reopens at the first failed or slow one; when empty (default), half-open decides by the
     * failure and slow-call rates of all its trial calls.
     */
    public OptionalInt successThresholdInHalfOpen() {
        return successThresholdInHalfOpen == 0 ? OptionalInt.empty() : OptionalInt.of(successThresholdInHalfOpen);
    }

    /**
     * How long half-open may last before the breaker decides with what it has. Default 60
     * seconds; empty means half-open waits for all its trial outcomes, however long.
     */
    public Optional<Duration> maxWaitInHalfOpen() {
        return Optional.ofNullable(maxWaitInHalfOpen);
    }

    /** How long the breaker stays open the first time. Default 60 seconds. */
    public Duration waitDurationInOpen() {
        return waitDurationInOpen;
    }

    /** Factor applied to the open wait at each consecutive opening. Default 1 (no growth). */
    public double openWaitMultiplier() {
        return openWaitMultiplier;
    }

    /**
     * Cap of the growing open wait. Default: {@link #waitDurationInOpen()} (a derived default: a
     * config made with {@link #from} and a new wait gets the new wait as its cap, unless a cap
     * was set with {@link Builder#exponentialOpenWait}).
     */
    public Duration maxWaitDurationInOpen() {
        return maxWaitDurationInOpen == null ? waitDurationInOpen : maxWaitDurationInOpen;
    }

    /**
     * Whether the breaker moves from open to half-open by itself, through a scheduler, when the
     * wait is over (true), or on the first call after the wait (false, default).
     */
    public boolean automaticTransitionToHalfOpen() {
        return automaticTransitionToHalfOpen;
    }

    /** Which exceptions count as failures (default: all). Others count as successes. */
    public Predicate<Throwable> recordException() {
        return recordException;
    }

    /** Which exceptions count nowhere (default: none). Wins over {@link #recordException()}. */
    public Predicate<Throwable> ignoreException() {
        return ignoreException;
    }

    /** Which returned values count as failures (default: none). */
    public Predicate<Object> recordResult() {
        return recordResult;
    }

    /**
     * Whether {@link CallNotPermittedException} fills in its stack trace. Default false: a
     * rejection's stack trace says nothing that the breaker's name and state (in the message)
     * do not, and filling it in makes rejecting many times dearer than the call it saved.
     */
    public boolean writableStackTrace() {
        return writableStackTrace;
    }

    /**
     * Two configs are equal when every setting is: numbers and durations by value, derived
     * defaults by whether they were set, predicates by identity, except those made by
     * {@link Builder#recordExceptions} / {@link Builder#ignoreExceptions}, which are equal when
     * their type lists are. So {@code from(x).build().equals(x)} always holds.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CircuitBreakerConfig c)) {
            return false;
        }
        return Float.compare(failureRateThreshold, c.failureRateThreshold) == 0
                && Float.compare(slowCallRateThreshold, c.slowCallRateThreshold) == 0
                && slowCallDuration.equals(c.slowCallDuration)
                && slidingWindowType == c.slidingWindowType
                && slidingWindowSize == c.slidingWindowSize
                && minimumNumberOfCalls == c.minimumNumberOfCalls
                && permittedCallsInHalfOpen == c.permittedCallsInHalfOpen
                && successThresholdInHalfOpen == c.successThresholdInHalfOpen
                && Objects.equals(maxWaitInHalfOpen, c.maxWaitInHalfOpen)
                && waitDurationInOpen.equals(c.waitDurationInOpen)
                && Double.compare(openWaitMultiplier, c.openWaitMultiplier) == 0
                && Objects.equals(maxWaitDurationInOpen, c.maxWaitDurationInOpen)
                && automaticTransitionToHalfOpen == c.automaticTransitionToHalfOpen
                && recordException.equals(c.recordException)
                && ignoreException.equals(c.ignoreException)
                && recordResult.equals(c.recordResult)
                && writableStackTrace == c.writableStackTrace;
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureRateThreshold, slowCallRateThreshold, slowCallDuration, slidingWindowType,
                slidingWindowSize, minimumNumberOfCalls, permittedCallsInHalfOpen, successThresholdInHalfOpen,
                maxWaitInHalfOpen, waitDurationInOpen, openWaitMultiplier, maxWaitDurationInOpen,
                automaticTransitionToHalfOpen, recordException, ignoreException, recordResult, writableStackTrace);
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig[failureRateThreshold=" + failureRateThreshold
                + ", slowCallRateThreshold=" + slowCallRateThreshold
                + ", slowCallDuration=" + slowCallDuration
                + ", slidingWindow=" + slidingWindowType + "(" + slidingWindowSize + ")"
                + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", permittedCallsInHalfOpen=" + permittedCallsInHalfOpen
                + ", successThresholdInHalfOpen=" + successThresholdInHalfOpen()
                + ", maxWaitInHalfOpen=" + maxWaitInHalfOpen()
                + ", waitDurationInOpen=" + waitDurationInOpen
                + ", openWaitMultiplier=" + openWaitMultiplier
                + ", maxWaitDurationInOpen=" + maxWaitDurationInOpen()
                + ", automaticTransitionToHalfOpen=" + automaticTransitionToHalfOpen
                + ", writableStackTrace=" + writableStackTrace + "]";
    }

    /**
     * Builds a {@link CircuitBreakerConfig}. Each setter checks its own value at once; checks
     * that involve two fields (minimum calls vs window size, success threshold vs permitted
     * calls, open-wait cap vs wait) run in {@link #build()}.
     *
     * <p>A builder is not threadsafe; the config it builds is.
     */
    public static final class Builder {
        private float failureRateThreshold = 50f;
        private float slowCallRateThreshold = 100f;
        private Duration slowCallDuration = Duration.ofSeconds(60);
        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
        private int slidingWindowSize = 100;
        private int minimumNumberOfCalls = 100;
        private int permittedCallsInHalfOpen = 10;
        private int successThresholdInHalfOpen;
        private Duration maxWaitInHalfOpen = Duration.ofSeconds(60);
        private Duration waitDurationInOpen = Duration.ofSeconds(60);
        private double openWaitMultiplier = 1.0;
        private Duration maxWaitDurationInOpen; // null: derived from waitDurationInOpen, also after from()
        private boolean automaticTransitionToHalfOpen;
        private Predicate<Throwable> recordException = RECORD_ALL;
        private Predicate<Throwable> ignoreException = IGNORE_NONE;
        private Predicate<Object> recordResult = NO_RESULT_IS_FAILURE;
        private boolean writableStackTrace;

        private Builder() {
        }

        private Builder(CircuitBreakerConfig c) {
            failureRateThreshold = c.failureRateThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slowCallDuration = c.slowCallDuration;
            slidingWindowType = c.slidingWindowType;
            slidingWindowSize = c.slidingWindowSize;
            minimumNumberOfCalls = c.minimumNumberOfCalls;
            permittedCallsInHalfOpen = c.permittedCallsInHalfOpen;
            successThresholdInHalfOpen = c.successThresholdInHalfOpen;
            maxWaitInHalfOpen = c.maxWaitInHalfOpen;
            waitDurationInOpen = c.waitDurationInOpen;
            openWaitMultiplier = c.openWaitMultiplier;
            maxWaitDurationInOpen = c.maxWaitDurationInOpen;
            automaticTransitionToHalfOpen = c.automaticTransitionToHalfOpen;
            recordException = c.recordException;
            ignoreException = c.ignoreException;
            recordResult = c.recordResult;
            writableStackTrace = c.writableStackTrace;
        }

        /**
         * @param percent failure rate in (0, 100] at or above which the breaker opens
         * @throws IllegalArgumentException if out of range
         */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = checkPercent("failureRateThreshold", percent);
            return this;
        }

        /**
         * @param percent slow-call rate in (0, 100] at or above which the breaker opens
         * @throws IllegalArgumentException if out of range
         */
        public Builder slowCallRateThreshold(float percent) {
            this.slowCallRateThreshold = checkPercent("slowCallRateThreshold", percent);
            return this;
        }

        /**
         * @param duration a call that takes longer than this is slow; must be positive
         * @throws IllegalArgumentException if not positive
         */
        public Builder slowCallDuration(Duration duration) {
            Objects.requireNonNull(duration, "slowCallDuration: duration must not be null");
            this.slowCallDuration = Arguments.requirePositive(duration, "slowCallDuration");
            return this;
        }

        /**
         * The window the closed state evaluates: the last {@code size} calls, or the calls of the
         * last {@code size} seconds.
         *
         * @throws IllegalArgumentException if {@code size} is out of [1, 1000000] (count) or
         *     [1, 86400] (time)
         */
        public Builder slidingWindow(SlidingWindowType type, int size) {
            Objects.requireNonNull(type, "slidingWindow: type must not be null");
            int max = type == SlidingWindowType.COUNT_BASED ? MAX_COUNT_WINDOW_SIZE : MAX_TIME_WINDOW_SECONDS;
            if (size < 1 || size > max) {
                throw new IllegalArgumentException("slidingWindowSize must be in [1, " + max + "] for a "
                        + type + " window, but was " + size);
            }
            this.slidingWindowType = type;
            this.slidingWindowSize = size;
            return this;
        }

        /**
         * @param calls calls the window must hold before rates are evaluated; in [1, window size]
         *     for a count window (checked in {@link #build()}), at least 1 for a time window
         */
        public Builder minimumNumberOfCalls(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("minimumNumberOfCalls must be >= 1, but was " + calls);
            }
            this.minimumNumberOfCalls = calls;
            return this;
        }

        /** @param calls trial calls admitted in half-open, in [1, 1000000] */
        public Builder permittedCallsInHalfOpen(int calls) {
            if (calls < 1 || calls > MAX_PERMITTED_CALLS_IN_HALF_OPEN) {
                throw new IllegalArgumentException("permittedCallsInHalfOpen must be in [1, "
                        + MAX_PERMITTED_CALLS_IN_HALF_OPEN + "], but was " + calls);
            }
            this.permittedCallsInHalfOpen = calls;
            return this;
        }

        /**
         * Closes half-open after {@code successes} good trial calls, and reopens at the first bad
         * one (the course's success threshold). Must be in [1, permittedCallsInHalfOpen].
         */
        public Builder successThresholdInHalfOpen(int successes) {
            if (successes < 1) {
                throw new IllegalArgumentException("successThresholdInHalfOpen must be >= 1, but was " + successes);
            }
            this.successThresholdInHalfOpen = successes;
            return this;
        }

        /** Back to the default: half-open decides by the rates of all its trial calls. */
        public Builder noSuccessThresholdInHalfOpen() {
            this.successThresholdInHalfOpen = 0;
            return this;
        }

        /** @param duration how long half-open may last before the breaker decides; positive */
        public Builder maxWaitInHalfOpen(Duration duration) {
            Objects.requireNonNull(duration, "maxWaitInHalfOpen: duration must not be null");
            this.maxWaitInHalfOpen = Arguments.requirePositive(duration, "maxWaitInHalfOpen");
            return this;
        }

        /** Half-open waits for all its trial outcomes, however long (Resilience4j's default). */
        public Builder noMaxWaitInHalfOpen() {
            this.maxWaitInHalfOpen = null;
            return this;
        }

        /** @param duration how long the breaker stays open the first time; positive */
        public Builder waitDurationInOpen(Duration duration) {
            Objects.requireNonNull(duration, "waitDurationInOpen: duration must not be null");
            this.waitDurationInOpen = Arguments.requirePositive(duration, "waitDurationInOpen");
            return this;
        }

        /**
         * Grows the open wait at each consecutive opening (open → half-open → open again):
         * {@code min(max, waitDurationInOpen * multiplier^(n-1))} for the n-th opening in a row.
         * Closing resets n.
         *
         * @param multiplier finite, in [1, 1000]
         * @param max the cap; at least {@code waitDurationInOpen} (checked in {@link #build()})
         */
        public Builder exponentialOpenWait(double multiplier, Duration max) {
            Objects.requireNonNull(max, "exponentialOpenWait: max must not be null");
            if (!(multiplier >= 1.0 && multiplier <= 1000.0)) {
                throw new IllegalArgumentException("openWaitMultiplier must be in [1, 1000], but was " + multiplier);
            }
            this.openWaitMultiplier = multiplier;
            this.maxWaitDurationInOpen = Arguments.requirePositive(max, "maxWaitDurationInOpen");
            return this;
        }

        /** Moves open → half-open by a scheduler when the wait is over (needs a scheduler). */
        public Builder automaticTransitionToHalfOpen(boolean enabled) {
            this.automaticTransitionToHalfOpen = enabled;
            return this;
        }

        /** Exceptions for which {@code predicate} is true count as failures; others as successes. */
        public Builder recordException(Predicate<Throwable> predicate) {
            this.recordException = Objects.requireNonNull(predicate, "recordException: predicate must not be null");
            return this;
        }

        /**
         * Only exceptions of these types (or subtypes) count as failures; others as successes.
         *
         * <p>An empty list is rejected: "record none of no types" would leave a breaker that can
         * never open on an exception, and Resilience4j's reading of it ("no restriction, record
         * all") is the default already. To record every exception, leave this unset.
         *
         * @throws IllegalArgumentException if {@code types} is empty or a type is not a {@link Throwable}
         */
        public Builder recordExceptions(Class<?>... types) {
            Predicate<Throwable> predicate = anyOf("recordExceptions", types);
            if (types.length == 0) {
                throw new IllegalArgumentException("recordExceptions: types must name at least one exception type, "
                        + "but was empty (to record every exception, keep the default or use recordException(t -> true))");
            }
            this.recordException = predicate;
            return this;
        }

        /**
         * Exceptions for which {@code predicate} is true count nowhere: the permit is released and
         * no window sees the call. Wins over {@link #recordException(Predicate)}.
         */
        public Builder ignoreException(Predicate<Throwable> predicate) {
            this.ignoreException = Objects.requireNonNull(predicate, "ignoreException: predicate must not be null");
            return this;
        }

        /**
         * Exceptions of these types (or subtypes) count nowhere. No types ignores nothing (the default).
         *
         * @throws IllegalArgumentException if a type is not a {@link Throwable}
         */
        public Builder ignoreExceptions(Class<?>... types) {
            this.ignoreException = anyOf("ignoreExceptions", types);
            return this;
        }

        /** Returned values for which {@code predicate} is true count as failures. */
        public Builder recordResult(Predicate<Object> predicate) {
            this.recordResult = Objects.requireNonNull(predicate, "recordResult: predicate must not be null");
            return this;
        }

        /**
         * Whether rejections fill in a stack trace. Default false (cheap rejections); true helps
         * only to see which caller was rejected, e.g. while debugging.
         */
        public Builder writableStackTrace(boolean writable) {
            this.writableStackTrace = writable;
            return this;
        }

        /**
         * @throws IllegalArgumentException if two settings contradict each other
         */
        public CircuitBreakerConfig build() {
            if (slidingWindowType == SlidingWindowType.COUNT_BASED && minimumNumberOfCalls > slidingWindowSize) {
                throw new IllegalArgumentException("minimumNumberOfCalls must be in [1, slidingWindowSize="
                        + slidingWindowSize + "] for a COUNT_BASED window, but was " + minimumNumberOfCalls);
            }
            if (successThresholdInHalfOpen > permittedCallsInHalfOpen) {
                throw new IllegalArgumentException("successThresholdInHalfOpen must be in [1, permittedCallsInHalfOpen="
                        + permittedCallsInHalfOpen + "], but was " + successThresholdInHalfOpen);
            }
            if (maxWaitDurationInOpen != null && maxWaitDurationInOpen.compareTo(waitDurationInOpen) < 0) {
                throw new IllegalArgumentException("maxWaitDurationInOpen must be >= waitDurationInOpen="
                        + waitDurationInOpen + ", but was " + maxWaitDurationInOpen);
            }
            return new CircuitBreakerConfig(this);
        }

        private static float checkPercent(String field, float value) {
            if (!(value > 0f && value <= 100f)) {
                throw new IllegalArgumentException(field + " must be in (0, 100], but was " + value);
            }
            return value;
        }

        private static Predicate<Throwable> anyOf(String method, Class<?>[] types) {
            Objects.requireNonNull(types, method + ": types must not be null");
            List<Class<?>> list = Arrays.asList(types.clone());
            for (Class<?> type : list) {
                Objects.requireNonNull(type, method + ": types must not contain null");
                if (!Throwable.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(method + ": types must be Throwable types, but contained "
                            + type.getName());
                }
            }
            return new AnyOfTypes(List.copyOf(list));
        }
    }

    /** True for instances of any of the types; a record, so two equal type lists make equal configs. */
    private record AnyOfTypes(List<Class<?>> types) implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable t) {
            for (Class<?> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
