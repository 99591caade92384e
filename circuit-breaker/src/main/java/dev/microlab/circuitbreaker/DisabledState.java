package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.WindowCounts;

/** DISABLED: every call is permitted and nothing is recorded; only a manual transition leaves it. */
final class DisabledState extends BreakerState {

    DisabledState(CircuitBreaker breaker) {
        super(breaker);
    }

    @Override
    CircuitBreaker.State state() {
        return CircuitBreaker.State.DISABLED;
    }

    @Override
    Permit tryAcquire() {
        return Permit.PERMITTED;
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
