package dev.microlab.cqrs;

import dev.microlab.eventstore.RecordedEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event a projection could not apply and parked instead of stopping (policy
 * {@link PoisonEventPolicy#PARK}). The read model does not contain its effect: fix the cause,
 * then rebuild the projection, or handle the parked events by hand.
 *
 * <pre>{@code
 * for (DeadLetter d : summaries.deadLetters()) {
 *     log.warn("not in the read model: {} at position {} ({})", d.type(), d.position(), d.error());
 * }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 *
 * @param position  the event's global position
 * @param stream    its stream
 * @param version   its stream version
 * @param eventId   its id
 * @param type      its type alias
 * @param error     what the handler threw, as text (class and message)
 * @param parkedAt  when it was parked
 */
public record DeadLetter(long position, String stream, long version, UUID eventId, String type, String error,
        Instant parkedAt) {

    /** Validates. */
    public DeadLetter {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(error, "error must not be null");
        Objects.requireNonNull(parkedAt, "parkedAt must not be null");
    }

    /** The dead letter of {@code event}, which failed with {@code error}. */
    public static DeadLetter of(RecordedEvent event, Throwable error, Instant parkedAt) {
        return new DeadLetter(event.position(), event.stream().value(), event.streamVersion(), event.eventId(),
                event.type(), String.valueOf(error), parkedAt);
    }
}
