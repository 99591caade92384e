package dev.microlab.cqrs;

import dev.microlab.eventstore.EventStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The base of an event-sourced aggregate: business methods <i>decide</i> (check the rules,
 * then {@link #raise} events), {@link #apply} turns each event into state, and the
 * {@link AggregateRepository} saves the pending events with the version it loaded.
 *
 * <p>The rule that keeps it correct: {@code apply} only changes state, never checks a rule and
 * never fails, because it also runs when history is replayed, and history cannot be refused.
 * Every check happens in the business method, before {@code raise}. {@code raise} applies the
 * event at once, so a method that raises several events sees the state after each one.
 *
 * <pre>{@code
 * public final class Order extends AggregateRoot<OrderEvent> {
 *     public void confirm() {
 *         if (lines.isEmpty()) {
 *             throw new OrderRuleException(Rule.EMPTY_ORDER, "order " + id() + " has no item and cannot be confirmed");
 *         }
 *         raise(new OrderConfirmed(id()));
 *     }
 *     protected void apply(OrderEvent event) {
 *         if (event instanceof OrderConfirmed) { status = OrderStatus.CONFIRMED; }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Versions.</b> {@link #version()} is the stream version of the last event loaded or
 * saved ({@link EventStore#NO_VERSION}, -1, for a new aggregate): the expected version of the
 * next save. Pending events are not counted in it.
 *
 * <p>This class is not threadsafe, on purpose: an instance lives for one command on one
 * thread. Concurrent commands each load their own instance, and the event store's expected
 * version check settles who wins.
 *
 * @param <E> the aggregate's event type, usually a sealed interface of records
 */
public abstract class AggregateRoot<E> {

    private final String id;
    private long version = EventStore.NO_VERSION;
    private final List<E> pending = new ArrayList<>();

    /**
     * An aggregate with no history yet.
     *
     * @throws IllegalArgumentException if {@code id} is blank
     */
    protected AggregateRoot(String id) {
        Objects.requireNonNull(id, "id must not be null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank, but was '" + id + "'");
        }
        this.id = id;
    }

    /** The aggregate's id (its stream is {@code category-id}). */
    public final String id() {
        return id;
    }

    /** The stream version of the last event loaded or saved; -1 if it has none. */
    public final long version() {
        return version;
    }

    /** The events raised since the aggregate was loaded or saved, in order. */
    public final List<E> pendingEvents() {
        return Collections.unmodifiableList(new ArrayList<>(pending));
    }

    /** Whether there are events to save. */
    public final boolean hasPendingEvents() {
        return !pending.isEmpty();
    }

    /**
     * Records a decision: applies {@code event} to the state and queues it for saving.
     * Call it only after every rule has been checked.
     */
    protected final void raise(E event) {
        Objects.requireNonNull(event, "event must not be null");
        apply(event);
        pending.add(event);
    }

    /**
     * Changes the state for one event. Must not check rules nor throw: it runs for new events
     * and for every event of the history.
     */
    protected abstract void apply(E event);

    /** Replays one stored event (repository only). */
    final void replay(E event, long streamVersion) {
        apply(event);
        version = streamVersion;
    }

    /** Sets the version after a snapshot was restored (repository only). */
    final void restoredAt(long streamVersion) {
        version = streamVersion;
    }

    /** Forgets the pending events once saved (repository only). */
    final void saved(long streamVersion) {
        pending.clear();
        version = streamVersion;
    }
}
