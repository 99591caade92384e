package dev.microlab.exercises.bulkhead;

import dev.microlab.core.function.CheckedSupplier;
import java.time.Duration;

/**
 * Exercise 6: a bulkhead — at most {@code maxConcurrentCalls} calls to a dependency at once, so
 * that a slow dependency can tie up only its own share of the threads.
 * Instructions: {@code exercises/instructions/06-bulkhead/README.md}.
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
 */
public final class Bulkhead {

    /**
     * @param maxConcurrentCalls the most calls running at once, at least 1
     * @param maxWait            how long a call may wait for a permit; zero to fail fast; not negative
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public Bulkhead(int maxConcurrentCalls, Duration maxWait) {
        throw new UnsupportedOperationException("TODO: validate the settings; a Semaphore holds the permits");
    }

    /**
     * Runs {@code call} once a permit is had.
     *
     * @throws BulkheadFullException if no permit was free (fail fast) or became free within {@code maxWait}
     * @throws InterruptedException  if interrupted while waiting; the call did not run
     * @throws Exception             what {@code call} threw, unchanged
     */
    public <T> T execute(CheckedSupplier<T> call) throws Exception {
        throw new UnsupportedOperationException("TODO: get a permit (at once or within maxWait), run, always release");
    }

    /** Permits free right now. */
    public int availablePermits() {
        throw new UnsupportedOperationException("TODO: the free permits");
    }

    /** Calls waiting for a permit right now. */
    public int waitingCalls() {
        throw new UnsupportedOperationException("TODO: count the callers while they wait");
    }
}
