package dev.microlab.eventstore.postgres.internal;

import java.time.Duration;

/**
 * The highest position this process knows to be committed, and the threads waiting for a higher
 * one. Fed by this process's own appends and by the NOTIFY messages of the other nodes.
 * Threadsafe.
 */
public final class AppendSignal {

    private long lastPosition;
    private boolean closed;

    /** Publishes a new last position and wakes every waiter. */
    public synchronized void advanced(long position) {
        if (position > lastPosition) {
            lastPosition = position;
            notifyAll();
        }
    }

    /** The highest position seen so far. */
    public synchronized long lastPosition() {
        return lastPosition;
    }

    /** Wakes every waiter for good. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits until the last position is greater than {@code after}, the timeout passes, or close. */
    public synchronized boolean await(long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (lastPosition <= after && !closed) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return lastPosition > after;
    }
}
