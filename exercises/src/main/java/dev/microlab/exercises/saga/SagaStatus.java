package dev.microlab.exercises.saga;

/** How a saga ended. */
public enum SagaStatus {
    /** Every step succeeded. */
    COMPLETED,
    /** A step failed and every completed step was compensated: the system is consistent again. */
    COMPENSATED,
    /** A step failed and at least one compensation kept failing: a person must look at it. */
    NEEDS_ATTENTION
}
