package dev.microlab.cqrs;

/**
 * Where a {@link Projection} is in its life; {@link Projection#status()} reports it.
 *
 * <pre>{@code
 * if (summaries.status() == ProjectionStatus.FAILED) {
 *     log.error("read model stopped: {}", summaries.failure().orElseThrow());
 * }
 * }</pre>
 *
 * <p>This type is threadsafe (an enum).
 */
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
