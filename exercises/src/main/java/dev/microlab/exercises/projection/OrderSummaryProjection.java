package dev.microlab.exercises.projection;

import java.util.List;
import java.util.Optional;

/**
 * Exercise 9: a CQRS projection — the "my orders" read model, built from the order events.
 * Instructions: {@code exercises/instructions/09-projection/README.md}.
 *
 * <p>It is <em>idempotent by position</em>: an event at or below the checkpoint was already
 * applied and is skipped, so a feed that delivers an event twice does no harm. It is
 * <em>restartable</em>: the checkpoint is stored with the read model, so a new projection on
 * the same store {@link #catchUp catches up} from where the last one stopped. An event it cannot
 * apply (an item for an order it never saw placed) stops it at its checkpoint with an
 * {@link IllegalStateException}, rather than skipping the event and serving wrong rows.
 *
 * <pre>{@code
 * OrderSummaryProjection projection = new OrderSummaryProjection(store);
 * projection.catchUp(eventStore::readAfter);
 * List<OrderSummary> mine = projection.ordersOf("customer-7");
 * }</pre>
 */
public final class OrderSummaryProjection {

    public OrderSummaryProjection(ProjectionStore store) {
        throw new UnsupportedOperationException("TODO: keep the store; it holds the rows and the checkpoint");
    }

    /**
     * Applies {@code positioned} unless it was applied already.
     *
     * @throws IllegalStateException if the event refers to an order that was never placed;
     *                               the checkpoint does not move
     */
    public void handle(PositionedEvent positioned) {
        throw new UnsupportedOperationException("TODO: skip if at or below the checkpoint; else save the new row with the position");
    }

    /** Handles every event of {@code feed} after the checkpoint, in order; returns how many were applied. */
    public int catchUp(EventFeed feed) {
        throw new UnsupportedOperationException("TODO: read after the checkpoint and handle each event");
    }

    /** The summary of {@code orderId}, if the projection has seen it placed. */
    public Optional<OrderSummary> find(String orderId) {
        throw new UnsupportedOperationException("TODO: the row of orderId");
    }

    /** The summaries of {@code customerId}'s orders, by order id. */
    public List<OrderSummary> ordersOf(String customerId) {
        throw new UnsupportedOperationException("TODO: the customer's rows, sorted by order id");
    }

    /** The position of the last event applied. */
    public long position() {
        throw new UnsupportedOperationException("TODO: the checkpoint");
    }
}
