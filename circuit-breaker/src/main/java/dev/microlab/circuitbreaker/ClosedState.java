package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.SlidingWindow;
import dev.microlab.circuitbreaker.internal.WindowCounts;

/**
 * CLOSED: every call is permitted, without a lock or a clock read; each outcome goes into a
 * lock-free sliding window, and when the window's failure or slow-call rate reaches its
 * threshold (once {@code minimumNumberOfCalls} were recorded) the breaker opens.
 *
 * <p>This is the hot path: {@link #tryAcquire()} is a constant and {@link #record} one window
 * update, with no allocation. Several threads may see the threshold crossed at once; only the
 * one whose compare-and-set wins opens the breaker and publishes the events.
 */
final class ClosedState extends BreakerState {

    private final SlidingWindow window;

    ClosedState(CircuitBreaker breaker) {
        super(breaker);
        this.window = breaker.newWindow();
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.CLOSED;
    }

    @Override
    Permit tryAcquire() {
        return Permit.PERMITTED;
    }

    @Override
    void record(boolean failed, boolean slow, long nowNanos) {
        int exceeded = window.record(failed, slow, nowNanos);
        if (exceeded > SlidingWindow.BELOW_THRESHOLDS && breaker.isCurrent(this)) { // not BELOW, not UNCHANGED
            breaker.transition(this, new OpenState(breaker, 1, this), exceeded);
        }
    }

    @Override
    void recordWithoutDeciding(boolean failed, boolean slow, long nowNanos) {
        window.record(failed, slow, nowNanos);
    }

    @Override
    WindowCounts counts() {
        return window.counts();
    }

    @Override
    int minimumCallsForRates() {
        return breaker.config().minimumNumberOfCalls();
    }
}
