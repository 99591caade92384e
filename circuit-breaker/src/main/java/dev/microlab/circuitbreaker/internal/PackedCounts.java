package dev.microlab.circuitbreaker.internal;

/**
 * Three signed 21-bit counters (calls, failed, slow) packed in one {@code long}, so that one
 * atomic add updates all three together and one read sees them together.
 *
 * <p>Layout: calls in bits 0-20, failed in bits 21-41, slow in bits 42-62 (and the sign). The
 * packed value is exactly {@code calls + failed * 2^21 + slow * 2^42}; adding packed deltas is
 * plain long arithmetic, so a field may go transiently negative (two racing updates applied in
 * the "wrong" order) and the decoding below, which sign-extends each field, still returns the
 * exact values as long as each lies in [-2^20, 2^20). Callers keep every true value below 2^20
 * (window and trial sizes are capped at 1,000,000).
 */
public final class PackedCounts {

    /** One call. */
    public static final long CALL = 1L;
    /** One failed call. */
    public static final long FAILED = 1L << 21;
    /** One slow call. */
    public static final long SLOW = 1L << 42;

    private PackedCounts() {
    }

    /** The packed contribution of one outcome. */
    public static long of(boolean failed, boolean slow) {
        return CALL + (failed ? FAILED : 0) + (slow ? SLOW : 0);
    }

    /** The calls field, sign-extended. */
    public static long calls(long packed) {
        return (packed << 43) >> 43;
    }

    /** The failed field, sign-extended. */
    public static long failed(long packed) {
        long rest = (packed - calls(packed)) >> 21;
        return (rest << 43) >> 43;
    }

    /** The slow field, sign-extended. */
    public static long slow(long packed) {
        long rest = (packed - calls(packed)) >> 21;
        return (rest - ((rest << 43) >> 43)) >> 21;
    }

    /** All three fields, clamped into a consistent triple. */
    public static WindowCounts counts(long packed) {
        return WindowCounts.clamped(calls(packed), failed(packed), slow(packed));
    }
}
