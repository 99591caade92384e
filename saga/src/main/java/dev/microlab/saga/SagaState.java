package dev.microlab.saga;

/**
 * Where a saga instance is. {@link #RUNNING} and {@link #COMPENSATING} are transient; a saga
 * ends in exactly one of the three terminal states, which never changes afterwards.
 *
 * <p>This enum is threadsafe (immutable).
 */
public enum SagaState {
    /** Running its steps forward (or retrying one). */
    RUNNING,
    /** A step failed for good before the pivot; undoing the earlier steps in reverse order. */
    COMPENSATING,
    /** Every step succeeded. Terminal. */
    COMPLETED,
    /** A step failed and every compensation needed succeeded. Terminal. */
    COMPENSATED,
    /** A compensation failed for good: the system may be inconsistent; an operator must act. Terminal. */
    FAILED;

    /** Whether the saga has ended. */
    public boolean isTerminal() {
        return this == COMPLETED || this == COMPENSATED || this == FAILED;
    }
}
