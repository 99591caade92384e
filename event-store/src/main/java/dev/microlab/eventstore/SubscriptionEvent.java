package dev.microlab.eventstore;

/** What a {@link CatchUpSubscription} reports to listeners of its {@link CatchUpSubscription#eventPublisher()}.
 *
 * <pre>{@code
 * sub.eventPublisher().subscribe(e -> {
 *     if (e instanceof SubscriptionEvent.Failed f) alert(f.subscription(), f.error());
 * });
 * }</pre>
 *
 * <p>This class is threadsafe (immutable records).
 */
public sealed interface SubscriptionEvent {

    /** The subscription's name. */
    String subscription();

    /** The subscription reached the head of the store for the first time in this run. */
    record CaughtUp(String subscription, long position) implements SubscriptionEvent {
    }

    /** A handler threw; the subscription stopped with its checkpoint at {@code checkpoint}. */
    record Failed(String subscription, long checkpoint, long failedPosition, Throwable error)
            implements SubscriptionEvent {
    }

    /** The subscription was restarted after a failure, from {@code checkpoint}. */
    record Restarted(String subscription, long checkpoint) implements SubscriptionEvent {
    }

    /** A checkpoint was saved. */
    record CheckpointSaved(String subscription, long position) implements SubscriptionEvent {
    }
}
