package dev.microlab.exercises.projection;

import java.util.List;
import java.util.Optional;

/**
 * Where the read model and its checkpoint live — in real life a database table and a checkpoint
 * row, written in the same transaction. {@link #save} is that transaction: the row and the
 * position of the event that produced it are stored together, or not at all, so a crash can
 * never leave a row updated without its checkpoint (which would apply that event twice on restart).
 */
public interface ProjectionStore {

    Optional<OrderSummary> find(String orderId);

    /** Every row. */
    List<OrderSummary> all();

    /** The position of the last event applied, 0 if none. */
    long checkpoint();

    /** Stores {@code summary} and moves the checkpoint to {@code position}, atomically. */
    void save(OrderSummary summary, long position);
}
