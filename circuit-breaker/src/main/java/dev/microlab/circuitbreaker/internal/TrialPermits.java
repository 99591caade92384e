package dev.microlab.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of permits, taken and given back without a lock and never more than that
 * number out at once, however many threads race: the half-open state's trial calls.
 *
 * <p>Design: a counter of available permits, taken down by a CAS loop that refuses to go below
 * zero (a plain {@code decrementAndGet} followed by a check would let a burst of threads see
 * negative values and "give back" permits they never had), and put back by a CAS loop that
 * refuses to go above the total, so a stray extra release cannot create a permit.
 *
 * <p>This class is threadsafe.
 */
public final class TrialPermits {

    private final int total;
    private final AtomicInteger available;

    /** @param total permits, at least 1 */
    public TrialPermits(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total must be >= 1, but was " + total);
        }
        this.total = total;
        this.available = new AtomicInteger(total);
    }

    /** Takes a permit if one is left. */
    public boolean tryAcquire() {
        int left;
        do {
            left = available.get();
            if (left <= 0) {
                return false;
            }
        } while (!available.compareAndSet(left, left - 1));
        return true;
    }

    /** Gives a permit back; ignored when all are already back (more releases than acquisitions). */
    public void release() {
        int left;
        do {
            left = available.get();
            if (left >= total) {
                return;
            }
        } while (!available.compareAndSet(left, left + 1));
    }

    /** Permits not taken now. */
    public int available() {
        return available.get();
    }
}
