package dev.microlab.eventstore;

/**
 * What a {@link CatchUpSubscription} calls for each event. Throwing stops the subscription
 * at the last event handled successfully: the failed event is delivered again after
 * {@link CatchUpSubscription#restart()}.
 *
 * <p>Delivery is at-least-once across restarts (exactly once within one run), so a handler
 * that must not apply an event twice remembers {@link RecordedEvent#position()}.
 *
 * <pre>{@code
 * EventHandler handler = event -> {
 *     if (event.position() <= view.lastPosition()) return;   // already applied before a restart
 *     view.apply(serializer.deserialize(event), event.position());
 * };
 * }</pre>
 *
 * <p>A subscription calls its handler from one thread at a time; an implementation needs to be
 * threadsafe only if several subscriptions share it.
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
