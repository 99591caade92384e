package dev.microlab.eventstore.postgres;

import dev.microlab.eventstore.EventStoreException;
import dev.microlab.eventstore.Snapshot;
import dev.microlab.eventstore.SnapshotStore;
import dev.microlab.eventstore.StreamName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The latest {@link Snapshot} of each stream, in the store's {@code snapshots} table, so that
 * every node loads aggregates from the same snapshots. A save never replaces a snapshot of a
 * later version (two nodes snapshotting the same aggregate cannot move it backwards).
 *
 * <pre>{@code
 * SnapshotStore snapshots = new PostgresSnapshotStore(store);
 * Rehydrator<Cart> carts = Rehydrator.builder(store, Cart.EMPTY, Cart::apply)
 *         .snapshots(snapshots, 2, SnapshotCodec.jackson(mapper, Cart.class)).build();
 * }</pre>
 *
 * <p>This class is threadsafe.
 */
public final class PostgresSnapshotStore implements SnapshotStore {

    private final DataSource dataSource;
    private final String schema;

    /** Snapshots kept in the schema of {@code store}. */
    public PostgresSnapshotStore(PostgresEventStore store) {
        Objects.requireNonNull(store, "store must not be null");
        this.dataSource = store.dataSource();
        this.schema = store.schema();
    }

    @Override
    public void save(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + schema + ".snapshots AS s (stream, version, revision, state, taken_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (stream) DO UPDATE SET version = excluded.version, revision = excluded.revision,"
                + " state = excluded.state, taken_at = excluded.taken_at WHERE s.version <= excluded.version")) {
            ps.setString(1, snapshot.stream().value());
            ps.setLong(2, snapshot.version());
            ps.setInt(3, snapshot.revision());
            ps.setBytes(4, snapshot.state());
            ps.setObject(5, OffsetDateTime.ofInstant(snapshot.takenAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("cannot save the snapshot of '" + snapshot.stream() + "': " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<Snapshot> load(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version, revision, state, taken_at FROM " + schema + ".snapshots WHERE stream = ?")) {
            ps.setString(1, stream.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Snapshot(stream, rs.getLong(1), rs.getInt(2), rs.getBytes(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new EventStoreException("cannot load the snapshot of '" + stream + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(StreamName stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + schema + ".snapshots WHERE stream = ?")) {
            ps.setString(1, stream.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("cannot delete the snapshot of '" + stream + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgresSnapshotStore[schema " + schema + "]";
    }
}
