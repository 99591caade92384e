package dev.microlab.circuitbreaker.internal;

import dev.microlab.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The outcomes of the last {@code size} buckets of time (one second each in the breaker), read
 * from the injected {@link TimeSource} only: a manual clock drives it completely, unlike
 * Resilience4j's lock-free time window, which reads its own clock.
 *
 * <p>Design: a ring of {@code size} buckets ({@link AtomicReferenceArray}); each bucket is
 * tagged with its epoch (bucket number since the window was created) and holds its three
 * counters packed in one {@link AtomicLong} together with a <em>sealed</em> bit. Running totals
 * over the whole window live in two {@link AtomicLong}s, each packing a consistent pair —
 * (calls, failed) and (calls, slow), two signed 32-bit fields — so that each rate is computed
 * from one atomic read and can never mix a numerator and a denominator from different moments
 * (three separate counters could, during a roll, make a healthy window look 100 % failed).
 * Evaluating the thresholds costs two reads, not a walk over the ring.
 *
 * <p>Recording: compute the current epoch; if it is newer than the newest epoch seen, roll the
 * buckets in between (see below); then add to the current bucket with a CAS that fails if the
 * bucket is sealed, and on success add to both running pairs. A call costs one CAS and two atomic
 * adds; a new bucket is allocated once per bucket period, never per call.
 *
 * <p>Rolling a bucket to a newer epoch: seal it (CAS sets the sealed bit; the one thread whose
 * CAS sets it subtracts the sealed counts from the totals), then install a fresh bucket with
 * {@code compareAndSet}. Any thread may install, so a stalled roller blocks nobody. A record
 * that finds its bucket sealed, or already replaced by a newer epoch, belongs to an epoch that
 * has just left the window: it is dropped, which is what the window means.
 *
 * <p>Precision: exact at rest (every add to a bucket either happened before its seal and is in
 * the sealed counts, or was refused). While records are in flight, a reading misses the records
 * whose bucket CAS happened but whose pair add has not, and the two pairs may differ by those
 * records; readers clamp. A bucket counts at most {@code min(1048575, 2147483647 / size)} calls
 * (1,048,575 for windows up to 2048 buckets; 24,855 for a day of one-second buckets); further
 * calls in that bucket period are dropped, which keeps the 32-bit totals from overflowing.
 *
 * <p>This class is threadsafe.
 */
public final class TimeSlidingWindow implements SlidingWindow {

    private static final long SEALED = 1L << 62;
    private static final long FIELD_MASK = (1L << 20) - 1;
    private static final long CALL = 1L;
    private static final long FAILED = 1L << 20;
    private static final long SLOW = 1L << 40;
    private static final long PAIR_SECOND = 1L << 32;

    private final TimeSource time;
    private final long origin;
    private final long bucketNanos;
    private final int size;
    private final int minimumCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final AtomicReferenceArray<Bucket> buckets;
    private final long bucketCapacity;
    private final AtomicLong newestEpoch = new AtomicLong();
    private final AtomicLong callsAndFailed = new AtomicLong();
    private final AtomicLong callsAndSlow = new AtomicLong();

    /**
     * @param size buckets in the window, at least 1
     * @param bucketNanos length of one bucket, positive
     */
    public TimeSlidingWindow(TimeSource time, int size, long bucketNanos, int minimumCalls,
                             float failureRateThreshold, float slowCallRateThreshold) {
        this.time = Objects.requireNonNull(time, "time must not be null");
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, but was " + size);
        }
        if (bucketNanos < 1) {
            throw new IllegalArgumentException("bucketNanos must be >= 1, but was " + bucketNanos);
        }
        this.size = size;
        this.bucketCapacity = Math.min(FIELD_MASK, Integer.MAX_VALUE / size);
        this.bucketNanos = bucketNanos;
        this.minimumCalls = minimumCalls;
        this.failureRateThreshold = failureRateThreshold;
        this.slowCallRateThreshold = slowCallRateThreshold;
        this.origin = time.nanoTime();
        this.buckets = new AtomicReferenceArray<>(size);
        for (int i = 0; i < size; i++) {
            buckets.set(i, new Bucket(i)); // epochs 0..size-1: the first period needs no roll
        }
    }

    /** Records one outcome now, by this window's time source. */
    public int record(boolean isFailed, boolean isSlow) {
        return record(isFailed, isSlow, time.nanoTime());
    }

    @Override
    public int record(boolean isFailed, boolean isSlow, long nowNanos) {
        long epoch = epochAt(nowNanos);
        advanceTo(epoch);
        int index = (int) (epoch % size);
        long unit = CALL + (isFailed ? FAILED : 0) + (isSlow ? SLOW : 0);
        while (true) {
            Bucket bucket = buckets.get(index);
            if (bucket.epoch == epoch) {
                if (bucket.tryAdd(unit, bucketCapacity)) {
                    long pairF = callsAndFailed.addAndGet(1 + (isFailed ? PAIR_SECOND : 0));
                    long pairS = callsAndSlow.addAndGet(1 + (isSlow ? PAIR_SECOND : 0));
                    return evaluate(pairF, pairS);
                }
                break; // sealed (its epoch is leaving the window) or full: dropped
            } else if (bucket.epoch < epoch) {
                roll(index, bucket, epoch);
            } else {
                break; // our clock reading is older than the window: expired, dropped
            }
        }
        return evaluateTotals();
    }

    @Override
    public boolean needsTime() {
        return true;
    }

    @Override
    public WindowCounts counts() {
        advanceTo(currentEpoch());
        long pairF = callsAndFailed.get();
        long pairS = callsAndSlow.get();
        return WindowCounts.clamped(first(pairF), second(pairF), second(pairS));
    }

    private int evaluateTotals() {
        return evaluate(callsAndFailed.get(), callsAndSlow.get());
    }

    /** Each rate from its own consistent pair. */
    private int evaluate(long pairF, long pairS) {
        long callsF = Math.max(0, first(pairF));
        long failedCalls = Math.min(callsF, Math.max(0, second(pairF)));
        long callsS = Math.max(0, first(pairS));
        long slowCalls = Math.min(callsS, Math.max(0, second(pairS)));
        int verdict = SlidingWindow.evaluate(callsF, failedCalls, 0, minimumCalls, failureRateThreshold, 101f);
        return verdict | SlidingWindow.evaluate(callsS, 0, slowCalls, minimumCalls, 101f, slowCallRateThreshold);
    }

    /** The low field of a pair: calls, sign-extended. */
    private static long first(long pair) {
        return (int) pair;
    }

    /** The high field of a pair: failed or slow calls. */
    private static long second(long pair) {
        return (pair - first(pair)) >> 32;
    }

    private long currentEpoch() {
        return epochAt(time.nanoTime());
    }

    private long epochAt(long nanos) {
        return Math.max(0, nanos - origin) / bucketNanos;
    }

    /** Rolls every bucket that must hold an epoch in (epoch - size, epoch] but holds an older one. */
    private void advanceTo(long epoch) {
        long newest = newestEpoch.get();
        if (epoch <= newest) {
            return;
        }
        for (long e = Math.max(newest + 1, epoch - size + 1); e <= epoch; e++) {
            int index = (int) (e % size);
            Bucket bucket = buckets.get(index);
            if (bucket.epoch < e) {
                roll(index, bucket, e);
            }
        }
        while (newest < epoch && !newestEpoch.compareAndSet(newest, epoch)) {
            newest = newestEpoch.get();
        }
    }

    private void roll(int index, Bucket old, long epoch) {
        long sealed = old.seal();
        if (sealed >= 0) {
            long c = sealed & FIELD_MASK;
            if (c != 0) {
                long f = (sealed >>> 20) & FIELD_MASK;
                long s = (sealed >>> 40) & FIELD_MASK;
                callsAndFailed.addAndGet(-(c + f * PAIR_SECOND));
                callsAndSlow.addAndGet(-(c + s * PAIR_SECOND));
            }
        }
        buckets.compareAndSet(index, old, new Bucket(epoch));
    }

    @Override
    public String toString() {
        long pairF = callsAndFailed.get();
        return "TimeSlidingWindow[size=" + size + ", " + WindowCounts.clamped(first(pairF), second(pairF),
                second(callsAndSlow.get())) + "]";
    }

    private static final class Bucket {
        final long epoch;
        final AtomicLong packed = new AtomicLong();

        Bucket(long epoch) {
            this.epoch = epoch;
        }

        boolean tryAdd(long unit, long capacity) {
            long current;
            do {
                current = packed.get();
                if ((current & SEALED) != 0 || (current & FIELD_MASK) >= capacity) {
                    return false;
                }
            } while (!packed.compareAndSet(current, current + unit));
            return true;
        }

        /** Seals the bucket; returns its counts if this call sealed it, or -1 if it was sealed already. */
        long seal() {
            long current;
            do {
                current = packed.get();
                if ((current & SEALED) != 0) {
                    return -1;
                }
            } while (!packed.compareAndSet(current, current | SEALED));
            return current;
        }
    }
}
