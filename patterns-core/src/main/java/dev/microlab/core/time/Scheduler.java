package dev.microlab.core.time;

import dev.microlab.core.internal.Nanos;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task later: async retries, the circuit breaker's automatic open → half-open
 * transition, the registry's eviction task and health checks.
 *
 * <p>Production code adapts a {@link ScheduledExecutorService} with {@link #of}; tests use a
 * {@link ManualScheduler}, which runs due tasks only when its clock is advanced.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Scheduler {

    /**
     * Runs {@code task} once, after {@code delay}.
     *
     * @return a handle that cancels the task if it has not started yet
     * @throws NullPointerException if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if the task cannot be accepted
     *     (e.g. the scheduler was shut down); a caller waiting on the task must then fail its
     *     own outcome with this exception rather than wait forever
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} after {@code initialDelay} and then every {@code period}, measured from
     * the end of one run to the start of the next (fixed delay), until cancelled. A run that
     * throws does not stop later runs; the exception goes to the thread's uncaught-exception
     * handler of the underlying scheduler, so tasks should handle their own errors.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    default Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
        Objects.requireNonNull(initialDelay, "initialDelay must not be null");
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(task, "task must not be null");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0, but was " + period);
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Cancellable> next = new AtomicReference<>();
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (cancelled.get()) {
                return;
            }
            try {
                task.run();
            } finally {
                if (!cancelled.get()) {
                    next.set(schedule(period, self[0]));
                }
            }
        };
        next.set(schedule(initialDelay, self[0]));
        return () -> {
            boolean first = cancelled.compareAndSet(false, true);
            Cancellable pending = next.get();
            if (pending != null) {
                pending.cancel();
            }
            return first;
        };
    }

    /**
     * A scheduler backed by {@code executor}; the caller owns (and shuts down) the executor. A
     * delay too long for nanoseconds counts as 2^63−1 ns (about 292 years). If the executor
     * refuses the task (it was shut down), {@code schedule} throws its
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        return (delay, task) -> {
            Objects.requireNonNull(delay, "delay must not be null");
            Objects.requireNonNull(task, "task must not be null");
            ScheduledFuture<?> future =
                    executor.schedule(task, Math.max(0, Nanos.of(delay)), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    /** A handle to a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /**
         * Prevents the task from running if it has not started.
         *
         * @return true if this call cancelled it
         */
        boolean cancel();
    }
}
