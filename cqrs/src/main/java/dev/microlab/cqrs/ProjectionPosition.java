package dev.microlab.cqrs;

import dev.microlab.core.internal.Nanos;
import dev.microlab.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How far a read model has got in the event store, and a way to wait until it gets somewhere:
 * the mechanism behind "read your writes".
 *
 * <p>A command reports the global position of its last event ({@link CommandResult#position()});
 * a query that must see that command waits with {@link #awaitAtLeast} until the read model's
 * position reaches it, or gives up at a deadline. {@link #hasReached} asks without waiting.
 *
 * <pre>{@code
 * CommandResult r = commands.dispatch(new ConfirmOrderCommand("42"));
 * if (projection.position().awaitAtLeast(r.position(), Duration.ofSeconds(2))) {
 *     // the read model includes the confirmation
 * }
 * }</pre>
 *
 * <p>The deadline is read from the {@link TimeSource}: the wait gives up once
 * {@code timeSource.nanoTime()} has passed {@code start + timeout}. On the system clock it
 * blocks on a condition for the time that remains (or until the position moves). On any other
 * time source (a {@code ManualTimeSource} in tests) real time says nothing about that clock, so
 * the waiter re-reads it every {@link #INJECTED_CLOCK_CHECK}: it gives up within that much real
 * time of the clock passing the deadline, and never waits out the timeout in real time.
 *
 * <p>A projection that stops on a poison event marks its position {@linkplain #failure() failed}:
 * waiters give up at once (the position will not move until someone restarts it), and so does
 * every wait that starts while it is failed.
 *
 * <p>This class is threadsafe. {@link #advanceTo} takes no lock when nobody waits.
 */
public final class ProjectionPosition {

    /** How often a waiter re-reads an injected (non-system) clock. */
    public static final Duration INJECTED_CLOCK_CHECK = Duration.ofMillis(1);

    private final TimeSource timeSource;
    private final boolean systemClock;
    private volatile ProjectionFailure failure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();
    private final Object advanceLock = new Object();
    private volatile long position;

    /** A position of 0 (no event) on {@code timeSource}. */
    public ProjectionPosition(TimeSource timeSource) {
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
        this.systemClock = timeSource == TimeSource.system();
    }

    /** Why the read model stopped moving, while its projection is FAILED. */
    public Optional<ProjectionFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** The projection stopped on {@code why}: wakes the waiters, which give up. */
    void failed(ProjectionFailure why) {
        failure = Objects.requireNonNull(why, "why must not be null");
        signalWaiters();
    }

    /** The projection runs again (restarted, or a rebuild was swapped in). */
    void resumed() {
        failure = null;
    }

    /** The position of the last event the read model includes (0: none). */
    public long current() {
        return position;
    }

    /** Whether the read model includes every event up to {@code target}; never blocks. */
    public boolean hasReached(long target) {
        return position >= target;
    }

    /**
     * Moves the position forward to {@code newPosition} (a smaller value is ignored: it never
     * moves back) and wakes the waiters. Projections call it after each commit; call it
     * yourself for a hand-written read model.
     */
    public void advanceTo(long newPosition) {
        if (newPosition <= position) {
            return;
        }
        synchronized (advanceLock) {
            if (newPosition > position) {
                position = newPosition;
            }
        }
        signalWaiters();
    }

    private void signalWaiters() {
        if (waiters.get() > 0) {
            lock.lock();
            try {
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until the position is at least {@code target}, at most {@code timeout} by the time
     * source.
     *
     * @return true if it was reached, false if the deadline passed first or the projection is
     *         {@linkplain #failure() failed}
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitAtLeast(long target, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, but was " + timeout);
        }
        if (position >= target) {
            return true;
        }
        long deadline = Nanos.add(timeSource.nanoTime(), Nanos.of(timeout)); // a timeout of centuries: no deadline
        waiters.incrementAndGet();
        lock.lock();
        try {
            while (position < target) {
                long remaining = Nanos.add(deadline, -timeSource.nanoTime());
                if (remaining <= 0 || failure != null) {
                    return false;
                }
                moved.await(systemClock ? remaining : Math.min(remaining, INJECTED_CLOCK_CHECK.toNanos()),
                        TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }

    /** How many threads are waiting right now (for tests and metrics). */
    public int waiting() {
        return waiters.get();
    }

    @Override
    public String toString() {
        return "ProjectionPosition[" + position + "]";
    }
}
