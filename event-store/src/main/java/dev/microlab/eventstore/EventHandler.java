package dev.microlab.eventstore;

/**
 * What a {@link CatchUpSubscription} calls for each event. Throwing stops the subscription
 * at the last event handled successfully: the failed event is delivered again after
 * {@link CatchUpSubscription#restart()}.
 *
 * <p>Delivery is at-least-once across restarts (exactly once within one run), so a handler
 * that must not apply an event twice remembers {@link RecordedEvent#position()}.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles one event.
     *
     * @throws Exception to stop the subscription before this event
     */
    void handle(RecordedEvent event) throws Exception;
}
