package dev.microlab.circuitbreaker;

import dev.microlab.circuitbreaker.internal.WindowCounts;

/**
 * One episode of one state of a {@link CircuitBreaker}. The breaker holds the current episode in
 * an {@code AtomicReference}; a transition is a compare-and-set <em>from the very object</em>
 * that decided it, so a decision taken by an episode that is no longer current cannot change
 * the breaker (it loses the CAS). Each state lives in its own file, ~50-150 lines:
 *
 * <ul>
 *   <li>{@link ClosedState}: permits all, records into a sliding window, opens on a bad rate;
 *   <li>{@link OpenState}: rejects until its wait is over, then moves to half-open;
 *   <li>{@link HalfOpenState}: admits a fixed number of trial calls that decide;
 *   <li>{@link DisabledState}, {@link ForcedOpenState}, {@link MetricsOnlyState}: entered and
 *       left only by manual transitions.
 * </ul>
 *
 * <p>Subclasses are threadsafe: many callers use one episode at once.
 */
abstract sealed class BreakerState
        permits ClosedState, OpenState, HalfOpenState, DisabledState, ForcedOpenState, MetricsOnlyState {

    /** The breaker this episode belongs to: its settings, clock, scheduler and transitions. */
    final CircuitBreaker breaker;

    BreakerState(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** Which of the six states this is. */
    abstract CircuitBreaker.State state();

    /** Asks for a permit. Never blocks. */
    abstract Permit tryAcquire();

    /** Records an outcome of a call this state admitted (or, low-level, the current state) and decides. */
    abstract void record(boolean failed, boolean slow, long nowNanos);

    /** Records into this state's counts without any transition (late or low-level outcomes in OPEN). */
    void recordWithoutDeciding(boolean failed, boolean slow, long nowNanos) {
    }

    /** The counts {@link CircuitBreaker#metrics()} shows while this state is current. */
    abstract WindowCounts counts();

    /** Calls needed before the metrics report rates. */
    int minimumCallsForRates() {
        return 1;
    }

    /**
     * Nanoseconds until this state stops rejecting on its own clock: only {@link OpenState} has
     * such a wait; every other state answers 0 (see {@link CircuitBreaker#remainingOpenTime()}).
     */
    long remainingOpenNanos() {
        return 0L;
    }

    /** Gives back a permit (ignored error, unused permit). */
    void release() {
    }

    /** Whether outcomes of calls admitted by this state are recorded and published. */
    boolean records() {
        return true;
    }

    /** Called once, by the thread whose CAS made this state current (e.g. to start a timer). */
    void onEnter() {
    }

    /** Called once, by the thread whose CAS replaced this state (e.g. to cancel a timer). */
    void onExit() {
    }
}
