package dev.microlab.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code size} outcomes, lock-free and allocation-free.
 *
 * <p>Design: a ring of outcome codes ({@link AtomicIntegerArray}), a cursor ({@link AtomicLong})
 * and the running totals packed in one {@link AtomicLong} ({@link PackedCounts}). Recording is
 * three atomic operations: claim a slot ({@code cursor.getAndIncrement()}), swap the new code
 * into it ({@code getAndSet}, which returns the outcome it evicts), and add the difference
 * between the new and the evicted contribution to the totals ({@code addAndGet}). When the
 * difference is zero (a success replacing a success) the swap and the add are skipped and so is
 * the threshold check ({@link SlidingWindow#UNCHANGED}): a steady healthy stream costs one atomic
 * increment and one read per call.
 *
 * <p>Precision, stated exactly. (1) Exact at rest: the swaps on one slot form a chain (each
 * {@code getAndSet} returns the previous one's code), so the deltas added to the totals
 * telescope to {@code sum(final codes) - 0}; when no record is in flight the totals equal the
 * contents of the ring. (2) While records are in flight, a reading may miss the records whose
 * swap happened but whose add has not yet; with more than {@code size} records in flight at once
 * (a small window and many threads), two records may claim the same slot and apply their deltas
 * in the opposite order, so a field can be transiently off (even negative) by at most the number
 * of records in flight; the packed encoding survives this ({@link PackedCounts}) and readers
 * clamp. (3) In that same lapping case the slot keeps whichever of the two outcomes was swapped
 * in last, which may be the older call: the window then holds "{@code size} recent calls" rather
 * than exactly "the last {@code size}". None of this loses or double-counts a call at rest.
 *
 * <p>This class is threadsafe.
 */
public final class CountSlidingWindow implements SlidingWindow {

    private static final int RECORDED = 1;
    private static final int FAILED = 2;
    private static final int SLOW = 4;
    private static final long[] CONTRIBUTION = new long[8];

    static {
        for (int code = RECORDED; code < 8; code += 2) {
            CONTRIBUTION[code] = PackedCounts.of((code & FAILED) != 0, (code & SLOW) != 0);
        }
    }

    private final int size;
    private final int minimumCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    /** ceil(2^64 / size) as an unsigned long, for {@link #slotOf}. */
    private final long reciprocal;
    private final AtomicIntegerArray slots;
    private final AtomicLong cursor = new AtomicLong();
    private final AtomicLong totals = new AtomicLong();

    /**
     * @param size calls in the window, in [1, 1000000]
     * @param minimumCalls calls before rates are evaluated, in [1, size]
     */
    public CountSlidingWindow(int size, int minimumCalls, float failureRateThreshold, float slowCallRateThreshold) {
        if (size < 1 || size > 1_000_000) {
            throw new IllegalArgumentException("size must be in [1, 1000000], but was " + size);
        }
        this.size = size;
        this.minimumCalls = minimumCalls;
        this.failureRateThreshold = failureRateThreshold;
        this.slowCallRateThreshold = slowCallRateThreshold;
        this.slots = new AtomicIntegerArray(size);
        this.reciprocal = Long.divideUnsigned(-1L, size) + 1; // 0 for size 1: every ticket maps to slot 0
    }

    /** Records one outcome; see {@link #record(boolean, boolean, long)}. */
    public int record(boolean failed, boolean slow) {
        return record(failed, slow, 0L);
    }

    @Override
    public int record(boolean failed, boolean slow, long nowNanos) {
        int code = RECORDED | (failed ? FAILED : 0) | (slow ? SLOW : 0);
        int index = slotOf(cursor.getAndIncrement());
        // In the steady state the slot already holds this outcome (a success replacing a success):
        // reading it and skipping the write is the same as swapping code for code, and keeps
        // threads from invalidating each other's copy of the slots' cache lines.
        int evicted = slots.get(index) == code ? code : slots.getAndSet(index, code);
        long delta = CONTRIBUTION[code] - CONTRIBUTION[evicted];
        if (delta == 0) {
            return UNCHANGED; // same totals, same verdict: the record that made them evaluated it
        }
        long packed = totals.addAndGet(delta);
        return SlidingWindow.evaluate(PackedCounts.calls(packed), PackedCounts.failed(packed),
                PackedCounts.slow(packed), minimumCalls, failureRateThreshold, slowCallRateThreshold);
    }

    @Override
    public boolean needsTime() {
        return false;
    }

    /**
     * {@code ticket mod size} without a division (a 64-bit {@code %} costs tens of cycles on
     * the hot path): Lemire's "fastmod" on the ticket's low 32 bits, two multiplications. Once
     * every 2^32 calls the low bits wrap and, unless {@code size} divides 2^32, the ring index
     * jumps back to 0 early: the slots skipped keep their outcomes one lap longer. Counting stays
     * exact (the totals always equal the slots' contents at rest).
     */
    int slotOf(long ticket) {
        long low = reciprocal * (ticket & 0xFFFF_FFFFL);
        // the unsigned high word of low * size (size is positive, so only low's sign needs fixing)
        return (int) (Math.multiplyHigh(low, size) + ((low >> 63) & size));
    }

    @Override
    public WindowCounts counts() {
        return PackedCounts.counts(totals.get());
    }

    @Override
    public String toString() {
        return "CountSlidingWindow[size=" + size + ", " + counts() + "]";
    }
}
