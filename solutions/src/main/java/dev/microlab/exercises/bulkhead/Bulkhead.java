package dev.microlab.exercises.bulkhead;

import dev.microlab.core.function.CheckedSupplier;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise 6: a bulkhead — at most {@code maxConcurrentCalls} calls to a dependency at once, so
 * that a slow dependency can tie up only its own share of the threads.
 *
 * <p>With {@code maxWait} zero a call beyond the limit fails fast with
 * {@link BulkheadFullException}. With a positive {@code maxWait} it waits up to that long for a
 * permit, then fails the same way. A caller interrupted while waiting gets
 * {@link InterruptedException} (with its interrupt flag set again) and its call does not run.
 *
 * <pre>{@code
 * Bulkhead inventory = new Bulkhead(10, Duration.ofMillis(50));
 * Stock stock = inventory.execute(() -> inventoryClient.stockOf(sku));
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class Bulkhead {

    private final int maxConcurrentCalls;
    private final Duration maxWait;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param maxConcurrentCalls the most calls running at once, at least 1
     * @param maxWait            how long a call may wait for a permit; zero to fail fast; not negative
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Bulkhead(int maxConcurrentCalls, Duration maxWait) {
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait must not be null");
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be >= 1, but was " + maxConcurrentCalls);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0, but was " + maxWait);
        }
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.permits = new Semaphore(maxConcurrentCalls, true);
    }

    /**
     * Runs {@code call} once a permit is had.
     *
     * @throws BulkheadFullException if no permit was free (fail fast) or became free within {@code maxWait}
     * @throws InterruptedException  if interrupted while waiting; the call did not run
     * @throws Exception             what {@code call} threw, unchanged
     */
    public <T> T execute(CheckedSupplier<T> call) throws Exception {
        Objects.requireNonNull(call, "call must not be null");
        if (!acquire()) {
            throw new BulkheadFullException(maxConcurrentCalls);
        }
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }

    /** Permits free right now. */
    public int availablePermits() {
        return permits.availablePermits();
    }

    /** Calls waiting for a permit right now. */
    public int waitingCalls() {
        return waiting.get();
    }

    private boolean acquire() throws InterruptedException {
        waiting.incrementAndGet();
        try {
            // One path for both modes: with maxWait zero the timed tryAcquire does not wait at all
            // (and, as no caller ever queues then, the fair semaphore's ordering changes nothing).
            // A separate untimed tryAcquire() for that case would behave the same; mutation
            // testing showed no check can tell the two apart.
            return permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
