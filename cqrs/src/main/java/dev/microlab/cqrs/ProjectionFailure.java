package dev.microlab.cqrs;

import java.util.Objects;

/**
 * Why a projection stopped: the event it could not apply and what the handler threw. The
 * read model stays at {@code checkpoint}, the position before the failed event.
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param checkpoint     the position of the last event the read model includes
 * @param failedPosition the position of the event that failed
 * @param eventType      that event's type alias
 * @param error          what the handler threw
 */
public record ProjectionFailure(long checkpoint, long failedPosition, String eventType, Throwable error) {

    /** Validates. */
    public ProjectionFailure {
        Objects.requireNonNull(eventType, "eventType must not be null");
        Objects.requireNonNull(error, "error must not be null");
    }
}
