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
 * over the whole window live in three {@link AtomicLong}s, so evaluating the thresholds costs
 * three reads, not a walk over the ring.
 *
 * <p>Recording: compute the current epoch; if it is newer than the newest epoch seen, roll the
 * buckets in between (see below); then add to the current bucket with a CAS that fails if the
 * bucket is sealed, and on success add to the running totals. A healthy call costs one CAS and
 * one atomic add; a new bucket is allocated once per bucket period, never per call.
 *
 * <p>Rolling a bucket to a newer epoch: seal it (CAS sets the sealed bit; the one thread whose
 * CAS sets it subtracts the sealed counts from the totals), then install a fresh bucket with
 * {@code compareAndSet}. Any thread may install, so a stalled roller blocks nobody. A record
 * that finds its bucket sealed, or already replaced by a newer epoch, belongs to an epoch that
 * has just left the window: it is dropped, which is what the window means.
 *
 * <p>Precision: exact at rest (every add to a bucket either happened before its seal and is in
 * the sealed counts, or was refused). While records are in flight, the three totals are read
 * one by one and may disagree by the in-flight records; readers clamp. A bucket counts at most
 * 1,048,575 calls; further calls in that bucket period are dropped (one breaker would need more
 * than a million calls per second for this to matter).
 *
 * <p>This class is threadsafe.
 */
public final class TimeSlidingWindow implements SlidingWindow {

    private static final long SEALED = 1L << 62;
    private static final long FIELD_MASK = (1L << 20) - 1;
    private static final long CALL = 1L;
    private static final long FAILED = 1L << 20;
    private static final long SLOW = 1L << 40;

    private final TimeSource time;
    private final long origin;
    private final long bucketNanos;
    private final int size;
    private final int minimumCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final AtomicReferenceArray<Bucket> buckets;
    private final AtomicLong newestEpoch = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong slow = new AtomicLong();

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

    @Override
    public int record(boolean isFailed, boolean isSlow) {
        long epoch = currentEpoch();
        advanceTo(epoch);
        int index = (int) (epoch % size);
        long unit = CALL + (isFailed ? FAILED : 0) + (isSlow ? SLOW : 0);
        while (true) {
            Bucket bucket = buckets.get(index);
            if (bucket.epoch == epoch) {
                if (bucket.tryAdd(unit)) {
                    long c = calls.incrementAndGet();
                    long f = isFailed ? failed.incrementAndGet() : failed.get();
                    long s = isSlow ? slow.incrementAndGet() : slow.get();
                    return SlidingWindow.evaluate(c, f, s, minimumCalls, failureRateThreshold, slowCallRateThreshold);
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
    public WindowCounts counts() {
        advanceTo(currentEpoch());
        return WindowCounts.clamped(calls.get(), failed.get(), slow.get());
    }

    private int evaluateTotals() {
        WindowCounts c = WindowCounts.clamped(calls.get(), failed.get(), slow.get());
        return SlidingWindow.evaluate(c.calls(), c.failed(), c.slow(), minimumCalls,
                failureRateThreshold, slowCallRateThreshold);
    }

    private long currentEpoch() {
        return (time.nanoTime() - origin) / bucketNanos;
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
                calls.addAndGet(-c);
                long f = (sealed >>> 20) & FIELD_MASK;
                long s = (sealed >>> 40) & FIELD_MASK;
                if (f != 0) {
                    failed.addAndGet(-f);
                }
                if (s != 0) {
                    slow.addAndGet(-s);
                }
            }
        }
        buckets.compareAndSet(index, old, new Bucket(epoch));
    }

    @Override
    public String toString() {
        return "TimeSlidingWindow[size=" + size + ", " + WindowCounts.clamped(calls.get(), failed.get(), slow.get()) + "]";
    }

    private static final class Bucket {
        final long epoch;
        final AtomicLong packed = new AtomicLong();

        Bucket(long epoch) {
            this.epoch = epoch;
        }

        boolean tryAdd(long unit) {
            long current;
            do {
                current = packed.get();
                if ((current & SEALED) != 0 || (current & FIELD_MASK) == FIELD_MASK) {
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
