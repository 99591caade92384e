package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.SlidingWindow;
import dev.microlab.circuitbreaker.internal.WindowCounts;
import dev.microlab.core.time.Scheduler;
import java.time.Duration;

/**
 * OPEN: every call is rejected until the wait is over, then the breaker moves to HALF_OPEN —
 * lazily, on the first call after the wait (one clock read per call), or by the scheduler when
 * {@code automaticTransitionToHalfOpen} is set.
 *
 * <p>The wait may grow with each consecutive opening ({@code exponentialOpenWait}): this episode
 * knows its number, {@code openings}, and the wait it was given. Outcomes of calls admitted
 * before the breaker opened still arrive ("late" outcomes); they go into the window that opened
 * it (the {@code source}), which is also what the metrics show while OPEN.
 */
final class OpenState extends BreakerState {

    /** Consecutive openings beyond this are counted as this many: the wait is capped long before. */
    private static final int MAX_COUNTED_OPENINGS = 10_000;

    final int openings;
    private final BreakerState source;
    private final long enteredAt;
    private final long waitNanos;
    private volatile Scheduler.Cancellable timer;

    /**
     * @param openings the number of this opening in a row (1 after CLOSED; +1 after each failed trial)
     * @param source the state whose counts this one shows (and keeps receiving late outcomes)
     */
    OpenState(CircuitBreaker breaker, int openings, BreakerState source) {
        super(breaker);
        this.openings = Math.min(openings, MAX_COUNTED_OPENINGS);
        this.source = source instanceof OpenState o ? o.source : source;
        this.enteredAt = breaker.timeSource().nanoTime();
        this.waitNanos = breaker.openWaitNanos(this.openings);
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.OPEN;
    }

    @Override
    Permit tryAcquire() {
        // A difference, never enteredAt + wait: a huge wait must not overflow into the past.
        if (breaker.timeSource().nanoTime() - enteredAt >= waitNanos) {
            toHalfOpen();
            return Permit.RETRY;
        }
        return Permit.REJECTED;
    }

    @Override
    long remainingOpenNanos() {
        // The same difference as tryAcquire: never enteredAt + wait, which could overflow.
        long elapsed = breaker.timeSource().nanoTime() - enteredAt;
        return elapsed >= waitNanos ? 0L : waitNanos - elapsed;
    }

    private void toHalfOpen() {
        breaker.transition(this, new HalfOpenState(breaker, openings), SlidingWindow.BELOW_THRESHOLDS);
    }

    @Override
    void record(boolean failed, boolean slow, long nowNanos) {
        source.recordWithoutDeciding(failed, slow, nowNanos);
    }

    @Override
    WindowCounts counts() {
        return source.counts();
    }

    @Override
    int minimumCallsForRates() {
        return source.minimumCallsForRates();
    }

    @Override
    void onEnter() {
        if (breaker.config().automaticTransitionToHalfOpen()) {
            timer = breaker.scheduler().schedule(Duration.ofNanos(waitNanos), this::toHalfOpen);
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
