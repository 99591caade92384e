package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.CheckpointStore;
import dev.microlab.eventstore.EventStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Subscription checkpoints in the store's {@code checkpoints} table, so that a subscription can
 * resume on any node. Use {@link #save(Connection, String, long)} to save a checkpoint inside a
 * transaction of your own, next to the rows your handler writes: then the model and the position
 * commit together and nothing is applied twice after a crash ({@link PostgresProjectionStore} does
 * exactly that).
 *
 * <pre>{@code
 * CheckpointStore checkpoints = new PostgresCheckpointStore(store);
 * CatchUpSubscription.builder("emails", store, sender).checkpointStore(checkpoints).build().start();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class PostgresCheckpointStore implements CheckpointStore {

    private final DataSource dataSource;
    private final String schema;

    /** Checkpoints kept in the schema of {@code store}. */
    public PostgresCheckpointStore(PostgresEventStore store) {
        Objects.requireNonNull(store, "store must not be null");
        this.dataSource = store.dataSource();
        this.schema = store.schema();
    }

    @Override
    public OptionalLong load(String subscription) {
        CheckpointStore.validateName(subscription);
        try (Connection c = dataSource.getConnection()) {
            return load(c, schema, subscription, false);
        } catch (SQLException e) {
            throw new EventStoreException("cannot load the checkpoint of '" + subscription + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void save(String subscription, long position) {
        CheckpointStore.validateName(subscription);
        checkPosition(position);
        try (Connection c = dataSource.getConnection()) {
            save(c, subscription, position);
        } catch (SQLException e) {
            throw new EventStoreException("cannot save the checkpoint of '" + subscription + "': " + e.getMessage(), e);
        }
    }

    /**
     * Saves {@code position} for {@code subscription} on {@code transaction}: it commits or rolls
     * back with the rest of that transaction.
     *
     * @throws IllegalArgumentException if the name is invalid or the position negative
     * @throws SQLException if the database refuses
     */
    public void save(Connection transaction, String subscription, long position) throws SQLException {
        Objects.requireNonNull(transaction, "transaction must not be null");
        CheckpointStore.validateName(subscription);
        checkPosition(position);
        try (PreparedStatement ps = transaction.prepareStatement("INSERT INTO " + schema + ".checkpoints AS c"
                + " (name, position) VALUES (?, ?) ON CONFLICT (name)"
                + " DO UPDATE SET position = excluded.position, updated_at = now()")) {
            ps.setString(1, subscription);
            ps.setLong(2, position);
            ps.executeUpdate();
        }
    }

    static OptionalLong load(Connection c, String schema, String subscription, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position FROM " + schema
                + ".checkpoints WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, but was " + position);
        }
    }

    @Override
    public String toString() {
        return "PostgresCheckpointStore[schema " + schema + "]";
    }
}
