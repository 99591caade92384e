package dev.microlab.eventstore;

/** Where a {@link CatchUpSubscription} is in its life.
 *
 * <pre>{@code
 * if (sub.state() == SubscriptionState.FAILED) { fix(sub.failure().orElseThrow()); sub.restart(); }
 * }</pre>
 *
 * <p>This class is threadsafe (immutable).
 */
public enum SubscriptionState {
    /** Reading history, behind the head of the store. */
    CATCHING_UP,
    /** Has reached the head once in this run and follows new events. */
    LIVE,
    /** A handler threw; stopped at its checkpoint until {@link CatchUpSubscription#restart()}. */
    FAILED,
    /** Closed; cannot be used again. */
    CLOSED
}
