package dev.microlab.saga;

/**
 * Where a saga instance is. {@link #RUNNING} and {@link #COMPENSATING} are transient; a saga
 * ends in one of the terminal states. Only an operator moves a saga out of {@link #FAILED}:
 * back to COMPENSATING (retry its compensation) or to {@link #RESOLVED}.
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
    /**
     * A compensation failed for good: the system may be inconsistent; an operator must act.
     * Terminal, unless an operator reopens it ({@link SagaOrchestrator#retryCompensation}).
     */
    FAILED,
    /** A FAILED saga an operator repaired by hand and marked resolved, with a reason. Terminal. */
    RESOLVED;

    /** Whether the saga has ended. */
    public boolean isTerminal() {
        return this == COMPLETED || this == COMPENSATED || this == FAILED || this == RESOLVED;
    }
}
