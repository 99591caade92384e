package dev.microlab.cqrs;

/** Where a {@link Projection} is in its life. */
public enum ProjectionStatus {
    /** Applying history; behind the head of the store. */
    CATCHING_UP,
    /** Has reached the head and follows new events. */
    LIVE,
    /** A handler threw (policy {@link PoisonEventPolicy#STOP}); stopped at its checkpoint. */
    FAILED,
    /** Closed. */
    CLOSED
}
