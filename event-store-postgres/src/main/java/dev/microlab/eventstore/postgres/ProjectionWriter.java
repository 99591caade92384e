package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Applies one event to a read model kept in PostgreSQL, on the transaction the
 * {@link PostgresProjectionStore} gives it. Do not commit, roll back or close the connection:
 * the store commits the model's rows together with the checkpoint.
 *
 * <pre>{@code
 * ProjectionWriter counts = (tx, e) -> {
 *     try (PreparedStatement ps = tx.prepareStatement(
 *             "INSERT INTO shop.order_counts (stream, n) VALUES (?, 1)"
 *             + " ON CONFLICT (stream) DO UPDATE SET n = order_counts.n + 1")) {
 *         ps.setString(1, e.stream().value());
 *         ps.executeUpdate();
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ProjectionWriter {

    /** Writes what {@code event} changes in the model; throwing rolls back the whole batch. */
    void apply(Connection transaction, RecordedEvent event) throws SQLException;
}
