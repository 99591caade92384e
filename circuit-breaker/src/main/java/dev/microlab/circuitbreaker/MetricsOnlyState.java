package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.SlidingWindow;
import dev.microlab.circuitbreaker.internal.WindowCounts;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * METRICS_ONLY: every call is permitted and recorded, as in CLOSED, but the breaker never opens;
 * only a manual transition leaves it. What would have opened it is published instead: a
 * FailureRateExceeded / SlowCallRateExceeded event once each time a rate crosses its threshold
 * from below (as Resilience4j's metrics-only state does), not on every call above it.
 */
final class MetricsOnlyState extends BreakerState {

    private final SlidingWindow window;
    /** The threshold bits exceeded at the last record: a crossing is a bit going from 0 to 1. */
    private final AtomicInteger exceeded = new AtomicInteger();

    MetricsOnlyState(CircuitBreaker breaker) {
        super(breaker);
        this.window = breaker.newWindow();
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.METRICS_ONLY;
    }

    @Override
    Permit tryAcquire() {
        return Permit.PERMITTED;
    }

    /**
     * Records, and publishes the rates that just crossed their thresholds. Racing records agree
     * through {@code getAndSet}, so each crossing is published by exactly one thread.
     */
    @Override
    void record(boolean failed, boolean slow, long nowNanos) {
        int verdict = window.record(failed, slow, nowNanos);
        if (verdict == SlidingWindow.UNCHANGED || exceeded.get() == verdict) {
            return; // the steady state: no write, no event
        }
        int crossed = verdict & ~exceeded.getAndSet(verdict);
        if (crossed != SlidingWindow.BELOW_THRESHOLDS) {
            breaker.publishCrossing(crossed, window.counts());
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
