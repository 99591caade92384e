package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.WindowCounts;

/** FORCED_OPEN: every call is rejected, for ever; only a manual transition leaves it. */
final class ForcedOpenState extends BreakerState {

    ForcedOpenState(CircuitBreaker breaker) {
        super(breaker);
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    Permit tryAcquire() {
        return Permit.REJECTED;
    }

    @Override
    boolean records() {
        return false;
    }

    @Override
    void record(boolean failed, boolean slow, long nowNanos) {
    }

    @Override
    WindowCounts counts() {
        return WindowCounts.EMPTY;
    }
}
