package dev.microlab.eventstore;

import dev.microlab.core.internal.Nanos;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The waiting half of {@link EventStore#awaitAppend}, for any backend: the highest position the
 * store knows to be committed, and the threads waiting for a higher one. Every backend of this
 * project (in memory, files, PostgreSQL) waits with it, and a backend of your own can too:
 *
 * <pre>{@code
 * private final AppendSignal signal = new AppendSignal();
 *
 * public AppendResult append(StreamName stream, ExpectedVersion expected, List<EventData> events) {
 *     AppendResult result = ...;                 // committed
 *     signal.advanced(result.lastPosition());    // wakes the live subscriptions
 *     return result;
 * }
 *
 * public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
 *     return signal.await(afterPosition, timeout);
 * }
 *
 * public void close() {
 *     signal.close();                            // wakes every waiter for good
 * }
 * }</pre>
 *
 * <p>A store shared by several processes feeds it the other processes' appends too (the
 * PostgreSQL store does so from its {@code NOTIFY} messages). The timeout of {@link #await} is
 * real time, as a blocking wait's must be: a store's {@code TimeSource} does not drive it. A timeout
 * too long for a {@code long} of nanoseconds (about 292 years) waits as long as that.
 *
 * <p>This class is threadsafe.
 */
public final class AppendSignal {

    private long lastPosition;
    private boolean closed;

    /** A signal at position 0: no event committed yet, nobody waiting, not closed. */
    public AppendSignal() {
    }

    /**
     * Publishes a new last position and wakes every waiter; a position not above the last one
     * changes nothing.
     *
     * @param position the position of the last event now committed
     */
    public synchronized void advanced(long position) {
        if (position > lastPosition) {
            lastPosition = position;
            notifyAll();
        }
    }

    /**
     * The highest position published so far (0 before the first).
     *
     * @return the last position
     */
    public synchronized long lastPosition() {
        return lastPosition;
    }

    /** Wakes every waiter for good: from now on {@link #await} no longer waits. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Waits until the last position is greater than {@code afterPosition}, the timeout passes, or
     * the signal is closed.
     *
     * @param afterPosition the position the caller has already seen
     * @param timeout       how long to wait at most; zero or negative does not wait
     * @return true if the last position is greater than {@code afterPosition}
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public synchronized boolean await(long afterPosition, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null");
        long remaining = Math.max(0, Nanos.of(timeout));
        // may wrap around for a huge timeout; the difference below is still the time left
        long deadline = System.nanoTime() + remaining;
        while (lastPosition <= afterPosition && !closed) {
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
            remaining = deadline - System.nanoTime();
        }
        return lastPosition > afterPosition;
    }

    @Override
    public synchronized String toString() {
        return "AppendSignal[lastPosition=" + lastPosition + (closed ? ", closed]" : "]");
    }
}
