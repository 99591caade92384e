package dev.microlab.cqrs;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A query asked to see the effects of a write at {@code requiredPosition}, and the read model
 * had not got there when the wait ended. The write did happen; the read model is behind.
 * {@link #reason()} says why: {@link Reason#BEHIND} (a slow projection: retry later, or answer
 * with what you have and say so) or {@link Reason#FAILED} (its projection stopped on an event
 * it cannot apply; {@link #failure()} says which, and waiting longer will not help until an
 * operator fixes it and calls {@link Projection#restart()}).
 *
 * <pre>{@code
 * try {
 *     return queries.query(new GetOrderSummary(id), lastWrite, Duration.ofSeconds(2));
 * } catch (StaleReadModelException e) {
 *     if (e.reason() == StaleReadModelException.Reason.FAILED) alerts.page(e.failure().orElseThrow());
 *     return queries.query(new GetOrderSummary(id));   // shown with a "still updating" hint
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public final class StaleReadModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the read model was not there. */
    public enum Reason {
        /** The projection runs, but had not got to the position when the wait ended. */
        BEHIND,
        /** The projection is FAILED: it stopped on an event and will not move until restarted. */
        FAILED
    }

    private final long requiredPosition;
    private final long reachedPosition;
    private final transient ProjectionFailure failure;

    /** The read model was at {@code reachedPosition} after waiting {@code waited} for {@code requiredPosition}. */
    public StaleReadModelException(Class<?> queryType, long requiredPosition, long reachedPosition, Duration waited,
            Throwable cause) {
        this(queryType, requiredPosition, reachedPosition, waited, null, cause);
    }

    /**
     * As {@link #StaleReadModelException(Class, long, long, Duration, Throwable)}, with the failure
     * of the projection if it is FAILED ({@code null}: it is only behind).
     */
    public StaleReadModelException(Class<?> queryType, long requiredPosition, long reachedPosition, Duration waited,
            ProjectionFailure failure, Throwable cause) {
        super(message(Objects.requireNonNull(queryType, "queryType must not be null"), requiredPosition,
                reachedPosition, waited, failure), cause != null ? cause : failure != null ? failure.error() : null);
        this.requiredPosition = requiredPosition;
        this.reachedPosition = reachedPosition;
        this.failure = failure;
    }

    private static String message(Class<?> queryType, long required, long reached, Duration waited,
            ProjectionFailure failure) {
        String base = "the read model of " + queryType.getSimpleName() + " is at position " + reached
                + ", but the query needs position " + required;
        if (failure == null) {
            return base + "; it is BEHIND: gave up after " + waited;
        }
        return base + "; its projection is FAILED: the '" + failure.eventType() + "' event at position "
                + failure.failedPosition() + " could not be applied (" + failure.error()
                + "); it will not move until restarted";
    }

    /** The position the query needed. */
    public long requiredPosition() {
        return requiredPosition;
    }

    /** The position the read model had reached. */
    public long reachedPosition() {
        return reachedPosition;
    }

    /** BEHIND or FAILED. */
    public Reason reason() {
        return failure == null ? Reason.BEHIND : Reason.FAILED;
    }

    /** The projection's failure, if it is FAILED. */
    public Optional<ProjectionFailure> failure() {
        return Optional.ofNullable(failure);
    }
}
