package dev.microlab.cqrs;

/**
 * What a {@link Projection} does when a handler throws on an event (a "poison" event).
 *
 * <pre>{@code
 * Projection.builder("order-summaries", store, serializer, factory).poisonPolicy(PoisonEventPolicy.PARK);
 * }</pre>
 *
 * <p>This type is threadsafe (an enum).
 */
public enum PoisonEventPolicy {
    /**
     * Stop at the checkpoint, before the event: status {@link ProjectionStatus#FAILED}, the
     * error in {@link Projection#failure()}, nothing skipped. Fix the cause, then
     * {@link Projection#restart()}. The default: the read model is never silently wrong.
     */
    STOP,
    /**
     * Record the event in the dead-letter list ({@link Projection#deadLetters()}), move the
     * checkpoint past it in the same commit, publish {@link ProjectionEvent.EventParked}, log a
     * warning, and go on. The read model lacks that event's effect, visibly. Once
     * {@code maxDeadLetters} events are parked, the next poison event stops the projection as
     * with STOP.
     */
    PARK
}
