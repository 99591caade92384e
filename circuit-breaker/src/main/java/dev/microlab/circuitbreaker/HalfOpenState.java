package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.PackedCounts;
import dev.microlab.circuitbreaker.internal.SlidingWindow;
import dev.microlab.circuitbreaker.internal.TrialPermits;
import dev.microlab.circuitbreaker.internal.WindowCounts;
import dev.microlab.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HALF_OPEN: a fixed number of trial calls are let through, and their outcomes decide between
 * CLOSED and OPEN.
 *
 * <p>Permits: {@link TrialPermits}, so however many threads race, never more trial calls run
 * than {@code permittedCallsInHalfOpen} (teaching code that lets every caller through is the bug
 * this prevents). A released permit (ignored exception, unused permit) goes back.
 *
 * <p>Deciding, two modes:
 * <ul>
 *   <li>rate mode (default): once every trial outcome is in, open if the failure or slow-call
 *       rate reaches its threshold, else close; open early as soon as the failures (or slow
 *       calls) alone reach the threshold of all the trials, since later outcomes cannot undo that;
 *   <li>success-threshold mode: close after that many good trials, open at the first bad one.
 * </ul>
 * And a time limit, {@code maxWaitInHalfOpen}: when it runs out (a trial hangs, or traffic is
 * too thin) the breaker decides with what it has — see {@link #decideAfterMaxWait()}.
 */
final class HalfOpenState extends BreakerState {

    final int openings;
    private final long enteredAt;
    private final TrialPermits permits;
    /** Trial outcomes, packed (calls, failed, slow) so one atomic add updates all three. */
    private final AtomicLong trials = new AtomicLong();
    private volatile Scheduler.Cancellable timer;

    /** @param openings the consecutive openings so far; a failed trial reopens with one more */
    HalfOpenState(CircuitBreaker breaker, int openings) {
        super(breaker);
        this.openings = openings;
        this.enteredAt = breaker.timeSource().nanoTime();
        this.permits = new TrialPermits(breaker.permittedInHalfOpen);
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.HALF_OPEN;
    }

    @Override
    Permit tryAcquire() {
        long maxWait = breaker.maxWaitInHalfOpenNanos;
        if (maxWait >= 0 && breaker.timeSource().nanoTime() - enteredAt >= maxWait) {
            decideAfterMaxWait();
            return Permit.RETRY;
        }
        return permits.tryAcquire() ? Permit.PERMITTED : Permit.REJECTED;
    }

    @Override
    void release() {
        permits.release();
    }

    @Override
    void record(boolean failed, boolean slow, long nowNanos) {
        long packed = trials.addAndGet(PackedCounts.of(failed, slow));
        if (!breaker.isCurrent(this)) {
            return; // a late outcome of a trial that was already decided
        }
        long calls = PackedCounts.calls(packed);
        int successThreshold = breaker.successThreshold;
        if (successThreshold > 0) {
            if (failed || slow) {
                reopen(SlidingWindow.BELOW_THRESHOLDS);
            } else if (calls >= successThreshold && PackedCounts.failed(packed) == 0 && PackedCounts.slow(packed) == 0) {
                close();
            }
            return;
        }
        long failedCalls = PackedCounts.failed(packed);
        long slowCalls = PackedCounts.slow(packed);
        // Early: once the failures (or slow calls) alone reach the threshold of all the trial
        // calls, the remaining outcomes cannot bring the rate back under it.
        int certain = SlidingWindow.evaluate(breaker.permittedInHalfOpen, failedCalls, slowCalls, 1,
                breaker.failureRateThreshold, breaker.slowCallRateThreshold);
        if (certain != SlidingWindow.BELOW_THRESHOLDS) {
            reopen(certain);
        } else if (calls >= breaker.permittedInHalfOpen) {
            decide(calls, failedCalls, slowCalls);
        }
    }

    @Override
    void recordWithoutDeciding(boolean failed, boolean slow, long nowNanos) {
        trials.addAndGet(PackedCounts.of(failed, slow));
    }

    private void decide(long calls, long failedCalls, long slowCalls) {
        int exceeded = SlidingWindow.evaluate(calls, failedCalls, slowCalls, 1,
                breaker.failureRateThreshold, breaker.slowCallRateThreshold);
        if (exceeded != SlidingWindow.BELOW_THRESHOLDS) {
            reopen(exceeded);
        } else {
            close();
        }
    }

    /**
     * The trial took too long: decide with what was recorded. Rate mode closes if at least one
     * outcome was recorded and the rates are under their thresholds; otherwise, and always in
     * success-threshold mode (its threshold was not reached, or it would have closed), reopen.
     */
    void decideAfterMaxWait() {
        long packed = trials.get();
        long calls = Math.max(0, PackedCounts.calls(packed));
        if (breaker.successThreshold == 0 && calls > 0) {
            decide(calls, Math.max(0, PackedCounts.failed(packed)), Math.max(0, PackedCounts.slow(packed)));
        } else {
            reopen(SlidingWindow.BELOW_THRESHOLDS);
        }
    }

    private void reopen(int exceeded) {
        breaker.transition(this, new OpenState(breaker, openings + 1, this), exceeded);
    }

    private void close() {
        breaker.transition(this, new ClosedState(breaker), SlidingWindow.BELOW_THRESHOLDS);
    }

    @Override
    WindowCounts counts() {
        return PackedCounts.counts(trials.get());
    }

    @Override
    void onEnter() {
        long maxWait = breaker.maxWaitInHalfOpenNanos;
        if (breaker.scheduler() != null && maxWait >= 0) {
            timer = breaker.scheduler().schedule(Duration.ofNanos(maxWait), () -> {
                if (breaker.isCurrent(this)) {
                    decideAfterMaxWait();
                }
            });
        }
    }

    @Override
    void onExit() {
        Scheduler.Cancellable pending = timer;
        if (pending != null) {
            pending.cancel();
        }
    }
}
