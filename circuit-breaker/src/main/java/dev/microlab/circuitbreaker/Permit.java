package dev.microlab.circuitbreaker;

/** What a state answers when asked for a permit ({@link BreakerState#tryAcquire()}). */
enum Permit {
    /** The call may run; the caller reports its outcome to the state that said so. */
    PERMITTED,
    /** The call must not run. */
    REJECTED,
    /** The state changed under the caller (e.g. OPEN's wait just ended): ask the new state. */
    RETRY
}
